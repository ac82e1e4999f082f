/**
 * The second path of reading a contract file, for what the plain reader (plain-yaml.ts)
 * declines: block scalars, escapes, multi-line flows… The `yaml` package keeps every node's position
 * but is ~12× slower than js-yaml on large sets (1.5 MB: ~680 ms against ~55 ms), and
 * positions are only needed for the few nodes a finding points at (locate.ts re-parses
 * those files with `yaml`). So well-formed, plain files are read with js-yaml; anything
 * unusual — anchors, aliases, tags, explicit keys, odd numerals, empty documents, tabs in
 * indentation, quoted scalars and flow collections over several lines, or any
 * js-yaml error — returns undefined and takes the careful path in yaml.ts, which reports
 * it with positions. Both paths produce the same null-prototype plain data.
 */
import { jsYamlLibrary } from "./yaml-library.js";
import type { LoadLimits } from "./limits.js";
import { hasMultiLineFlow } from "./multi-line-flow.js";

/**
 * Constructs the careful path handles and js-yaml would resolve differently or expand:
 * `&anchor`, `*alias`, `!tag`, `? explicit key`, `<<` merge keys, and the numerals on which
 * the two parsers' YAML 1.2 core schemas disagree (0b…, signed leading-dot floats, digit
 * separators).
 */
export const UNUSUAL = /(^|[\s[{,:-])[&*!?](?=\S)|(^|[\s[{,])\?\s|<<\s*:|\b0b[01]|[-+]\.\d|\d_\d/m;

/**
 * A tab in a line's indentation: `yaml` reports it (TAB_AS_INDENT), js-yaml reads `\t(` as the
 * string "(" without a word — so the fast path would have accepted a file the careful path
 * finds an error in (found by test/robustness/api.property.test.ts).
 */
const TAB_IN_INDENT = /^ *\t/m;

export function fastParse(text: string, limits: LoadLimits): unknown[] | undefined {
  if (UNUSUAL.test(text) || TAB_IN_INDENT.test(text) || hasMultiLineFlow(text)) return undefined;
  let documents: unknown[];
  try {
    const jsyaml = jsYamlLibrary();
    documents = jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA });
  } catch {
    return undefined; // syntax error, duplicate key, deep nesting: the careful path says where
  }
  // Empty documents and comment-only files count differently in the two parsers.
  if (documents.some((document) => document === null || document === undefined)) return undefined;
  const budget = { nodes: limits.maxNodes };
  for (const document of documents) {
    if (!stripPrototypes(document, 0, limits.maxDepth, budget)) return undefined;
  }
  return documents;
}

/**
 * Turn js-yaml's objects into null-prototype ones in place, so `__proto__` and `constructor`
 * stay ordinary keys (js-yaml already stores a `__proto__` key as an own property). In place,
 * not copied: `Object.create(null)` objects are dictionaries in V8, ~3× the memory of an
 * object whose prototype is cleared afterwards (measured: 290 against 106 bytes for five
 * keys), and copying 100,000 services that way cost more in allocation and garbage
 * collection than js-yaml's parse. False when the data is deeper or larger than the limits.
 */
function stripPrototypes(value: unknown, depth: number, maxDepth: number, budget: { nodes: number }): boolean {
  if (--budget.nodes < 0) return false;
  if (value === null || typeof value !== "object") return true;
  if (depth >= maxDepth) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!stripPrototypes(item, depth + 1, maxDepth, budget)) return false;
    return true;
  }
  Object.setPrototypeOf(value, null);
  for (const key of Object.keys(value)) {
    if (!stripPrototypes((value as Record<string, unknown>)[key], depth + 1, maxDepth, budget)) return false;
  }
  return true;
}

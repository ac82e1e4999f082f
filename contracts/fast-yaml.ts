/**
 * The fast path of reading a contract file. The `yaml` package keeps every node's position
 * but is ~12× slower than js-yaml on large sets (1.5 MB: ~680 ms against ~55 ms), and
 * positions are only needed for the few nodes a finding points at (locate.ts re-parses
 * those files with `yaml`). So well-formed, plain files are read with js-yaml; anything
 * unusual — anchors, aliases, tags, explicit keys, odd numerals, empty documents, or any
 * js-yaml error — returns undefined and takes the careful path in yaml.ts, which reports
 * it with positions. Both paths produce the same null-prototype plain data.
 */
import jsyaml from "js-yaml";
import type { LoadLimits } from "./limits.js";

/**
 * Constructs the careful path handles and js-yaml would resolve differently or expand:
 * `&anchor`, `*alias`, `!tag`, `? explicit key`, `<<` merge keys, and the numerals on which
 * the two parsers' YAML 1.2 core schemas disagree (0b…, signed leading-dot floats, digit
 * separators).
 */
export const UNUSUAL = /(^|[\s[{,:-])[&*!?](?=\S)|(^|[\s[{,])\?\s|<<\s*:|\b0b[01]|[-+]\.\d|\d_\d/m;

export function fastParse(text: string, limits: LoadLimits): unknown[] | undefined {
  if (UNUSUAL.test(text)) return undefined;
  let documents: unknown[];
  try {
    documents = jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA });
  } catch {
    return undefined; // syntax error, duplicate key, deep nesting: the careful path says where
  }
  // Empty documents and comment-only files count differently in the two parsers.
  if (documents.some((document) => document === null || document === undefined)) return undefined;
  const budget = { nodes: limits.maxNodes };
  const converted: unknown[] = [];
  for (const document of documents) {
    const data = toPlain(document, 0, limits.maxDepth, budget);
    if (data === TOO_BIG) return undefined;
    converted.push(data);
  }
  return converted;
}

const TOO_BIG = Symbol("too big");

/** Null-prototype copies, so `__proto__` and `constructor` stay ordinary keys. */
function toPlain(value: unknown, depth: number, maxDepth: number, budget: { nodes: number }): unknown {
  if (--budget.nodes < 0) return TOO_BIG;
  if (value === null || typeof value !== "object") return value;
  if (depth >= maxDepth) return TOO_BIG;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) {
      const plain = toPlain(item, depth + 1, maxDepth, budget);
      if (plain === TOO_BIG) return TOO_BIG;
      items.push(plain);
    }
    return items;
  }
  const object = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    const plain = toPlain((value as Record<string, unknown>)[key], depth + 1, maxDepth, budget);
    if (plain === TOO_BIG) return TOO_BIG;
    object[key] = plain;
  }
  return object;
}

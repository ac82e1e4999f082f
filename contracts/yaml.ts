/**
 * Reading contract files: guarded bytes → text → YAML documents (positions kept) → plain
 * data. Plain data is built here by hand from the YAML nodes, into null-prototype objects,
 * so a key such as `__proto__` is just a key; duplicate keys, aliases and nesting are
 * checked on the way with fixed budgets.
 */
import type { Document, LineCounter, Node } from "yaml";
import { fastParse } from "./fast-yaml.js";
import type { Issue } from "./issue.js";
import type { LoadLimits } from "./limits.js";
import { parsePlainYaml } from "./plain-yaml.js";
import { readRegularFile } from "./read-file.js";
import { yamlLibrary } from "./yaml-library.js";
import { isUnclosedMessage, unclosedOpener } from "./yaml-opener.js";

export interface ParsedDocument {
  readonly index: number;
  /** The document had YAML errors (reported as issues). */
  readonly broken: boolean;
  /** Null-prototype objects, arrays and scalars; `undefined` for an empty document. */
  readonly data: unknown;
}

export interface ParsedFile {
  readonly path: string;
  readonly text: string;
  readonly bytes: Uint8Array;
  /**
   * The documents as plain data. Their YAML trees are not kept: holding hundreds of them
   * costs more in garbage collection than re-parsing the few files a finding points into
   * (see locate.ts, lazyIndexedFile).
   */
  readonly documents: readonly ParsedDocument[];
  /**
   * The YAML trees, kept only for a file that had problems: its findings are about to be
   * located in them, and a second parse of a large broken file would cost as much again.
   */
  readonly trees?: ReturnType<typeof parseTrees>;
}

export interface ReadResult {
  /** Present when the file could be decoded and parsed (even if some documents had issues). */
  readonly file?: ParsedFile;
  /** Bytes that were read, for the digest, even when the text was refused. */
  readonly bytes?: Uint8Array;
  readonly issues: Issue[];
}

const MEGABYTE = 1024 * 1024;

/**
 * Read (a regular file only, bounded by bytes actually read: see read-file.ts), decode and
 * parse. `path` names the file in findings; `real` is what is opened (its checked real path).
 */
export function readContractFile(path: string, limits: LoadLimits, real: string = path): ReadResult {
  const read = readRegularFile(real, limits.maxFileBytes);
  if (read.ok) return { ...decodeAndParse(path, read.bytes, limits), bytes: read.bytes };
  const limit = `${(limits.maxFileBytes / MEGABYTE).toFixed(0)} MB`;
  switch (read.reason) {
    case "too-large":
      return {
        issues: [
          {
            rule: "contract/yaml",
            file: path,
            message:
              read.size !== undefined
                ? `file is ${(read.size / MEGABYTE).toFixed(1)} MB, over the ${limit} limit for a contract file; it was not read`
                : `file is over the ${limit} limit for a contract file; it was not read`,
            hint: "split the contracts into several files, or check that this is the file you meant to put in the contracts folder",
          },
        ],
      };
    case "not-regular":
      return { issues: [{ rule: "contract/yaml", file: path, message: `this entry is a ${read.kind}, not a regular file; it was not read`, hint: "contract files are regular files: remove this entry from the contracts folder" }] };
    case "error":
      return { issues: [{ rule: "contract/yaml", file: path, message: `could not be read (${read.code})` }] };
  }
}

/** Decode UTF-8 strictly and parse; never throws. */
export function decodeAndParse(path: string, bytes: Uint8Array, limits: LoadLimits): ReadResult {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return {
      issues: [
        {
          rule: "contract/yaml",
          file: path,
          message: `binary file (a NUL byte at offset ${nul}): contract files are UTF-8 YAML text`,
          hint: "remove the file from the contracts folder",
        },
      ],
    };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return {
      issues: [
        {
          rule: "contract/yaml",
          file: path,
          message: `not valid UTF-8 (first bad byte near offset ${firstInvalidUtf8(bytes)})`,
          hint: "save the file as UTF-8",
        },
      ],
    };
  }
  const unprintable = [...unprintableIssues(path, text), ...loneCarriageReturn(path, text)];
  if (unprintable.length === 0) {
    // Most contract files are plain block YAML: read in one pass (plain-yaml.ts).
    const plain = parsePlainYaml(text, limits);
    if (plain) return { file: { path, text, bytes, documents: plain.map((data, index) => ({ index, broken: false, data })) }, issues: [] };
  }
  const parsed = parseYamlText(path, text, bytes, limits);
  return unprintable.length === 0 ? parsed : { ...parsed, issues: [...unprintable, ...parsed.issues] };
}

/**
 * YAML 1.2 (§5.1) allows only printable characters in a stream: tab, line feed, carriage
 * return, and no other C0 control, no DEL, no C1 control but NEL, no U+FFFE/U+FFFF. Both
 * parsers let them through inside scalars, where a raw ESC or BEL would reach a terminal
 * through every message that quotes the value. (An escape such as "\e" in a double-quoted
 * string is legal YAML; output escapes control characters whatever their origin.)
 */
const UNPRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]/g;
const UNPRINTABLE_ANY = new RegExp(UNPRINTABLE.source);
const MAX_UNPRINTABLE_ISSUES = 20;
const CONTROL_NAMES: Readonly<Record<number, string>> = { 7: "BEL", 8: "BS", 11: "VT", 12: "FF", 27: "ESC", 127: "DEL", 155: "CSI" };

function unprintableIssues(path: string, text: string): Issue[] {
  const issues: Issue[] = [];
  // Nearly every file has none: one test, without matchAll's iterator and regex copy per file.
  if (!UNPRINTABLE_ANY.test(text)) return issues;
  /** End of the line of the last issue: one per line is enough to find them. */
  let lineEnd = -1;
  for (const match of text.matchAll(UNPRINTABLE)) {
    const offset = match.index;
    if (offset < lineEnd) continue;
    if (issues.length === MAX_UNPRINTABLE_ISSUES) break;
    lineEnd = text.indexOf("\n", offset);
    if (lineEnd === -1) lineEnd = text.length;
    const code = match[0].charCodeAt(0);
    const name = CONTROL_NAMES[code];
    issues.push({
      rule: "contract/yaml",
      file: path,
      offset,
      endOffset: offset + 1,
      message: `a raw control character (U+${code.toString(16).toUpperCase().padStart(4, "0")}${name ? ` ${name}` : ""}): YAML allows only printable characters`,
      hint: 'remove it; if the value needs it, write it as an escape inside a double-quoted string ("\\x1b")',
    });
  }
  return issues;
}

/**
 * A carriage return not followed by a line feed (classic Mac OS line ends). YAML 1.2 reads it as
 * a line break and js-yaml does, but `yaml` (the careful path, and every position cordon prints)
 * does not: a file of such lines that starts with a comment is one comment to it, and a Service
 * in it vanished without a finding. One reading or a finding: it is refused, at the first one.
 */
function loneCarriageReturn(path: string, text: string): Issue[] {
  const match = /\r(?!\n)/.exec(text);
  if (!match) return [];
  return [
    {
      rule: "contract/yaml",
      file: path,
      offset: match.index,
      endOffset: match.index + 1,
      message: "a carriage return without a line feed (old Mac OS line ends): lines must end with LF or CRLF",
      hint: "save the file with LF (or CRLF) line ends",
    },
  ];
}

/** The YAML trees and line table of a text, parsed the same way every time (locate re-parses). */
export function parseTrees(text: string, maxDepth: number): { lineCounter: LineCounter; documents: Document.Parsed[]; tooDeepAt?: number } {
  const { LineCounter, parseAllDocuments } = yamlLibrary();
  const lineCounter = new LineCounter();
  const tooDeepAt = flowNestingOver(text, maxDepth);
  if (tooDeepAt !== undefined) {
    // Refused before parsing: yaml's composer recurses and is slow on pathological nesting.
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineCounter.addNewLine(i + 1);
    return { lineCounter, documents: [], tooDeepAt };
  }
  const parsed = parseAllDocuments(text, {
    lineCounter,
    uniqueKeys: false, // checked while converting, pointing at the second key
    prettyErrors: false,
    strict: true,
    version: "1.2",
  });
  // An EmptyStream (not an array): a file with nothing but whitespace and comments.
  return { lineCounter, documents: Array.isArray(parsed) ? parsed : [] };
}

/** Parse every document of a text; issues for syntax errors, depth, aliases and duplicate keys. */
export function parseYamlText(path: string, text: string, bytes: Uint8Array, limits: LoadLimits): ReadResult {
  // No nesting pre-check here: js-yaml is linear on deep nesting (a stack overflow is caught
  // as a decline) and fastParse refuses depth over the limit; the careful path checks first.
  const fast = fastParse(text, limits);
  if (fast) {
    return { file: { path, text, bytes, documents: fast.map((data, index) => ({ index, broken: false, data })) }, issues: [] };
  }
  return parseYamlCarefully(path, text, bytes, limits);
}

/** The careful path: `yaml` with positions, budgets and a precise issue for every problem. */
export function parseYamlCarefully(path: string, text: string, bytes: Uint8Array, limits: LoadLimits): ReadResult {
  let asts: Document.Parsed[];
  let trees: ReturnType<typeof parseTrees>;
  try {
    trees = parseTrees(text, limits.maxDepth);
    if (trees.tooDeepAt !== undefined) {
      return {
        file: { path, text, bytes, documents: [] },
        issues: [{ rule: "contract/yaml", file: path, offset: trees.tooDeepAt, message: nestingMessage(limits) }],
      };
    }
    asts = trees.documents;
  } catch (error) {
    return {
      issues: [{ rule: "contract/yaml", file: path, message: `could not be parsed: ${errorText(error)}` }],
    };
  }
  const issues: Issue[] = [];
  const documents: ParsedDocument[] = [];
  asts.forEach((ast, index) => {
    const yamlProblems = [...ast.errors, ...ast.warnings];
    for (const problem of yamlProblems) {
      const exhausted = problem.code === "RESOURCE_EXHAUSTION";
      const message = firstLine(problem.message);
      // An unclosed bracket or quote is reported where the text ran out: point at the opener.
      const opener = !exhausted && isUnclosedMessage(message) ? unclosedOpener(text, problem.pos[0]) : undefined;
      issues.push({
        rule: "contract/yaml",
        file: path,
        doc: index,
        offset: opener?.offset ?? problem.pos[0],
        ...(opener ? { endOffset: opener.offset + 1 } : {}),
        message: exhausted ? nestingMessage(limits) : opener ? `this \`${opener.char}\` is never closed: ${message}` : message,
        ...(opener ? { hint: `close it with \`${closing(opener.char)}\`` } : {}),
      });
    }
    if (yamlProblems.length > 0) {
      documents.push({ index, broken: true, data: undefined });
      return;
    }
    const converted = toPlainData(ast, path, index, limits);
    issues.push(...converted.issues);
    documents.push({ index, broken: !converted.ok, data: converted.ok ? converted.data : undefined });
  });
  return { file: { path, text, bytes, documents, ...(issues.length > 0 ? { trees } : {}) }, issues };
}

interface Conversion {
  readonly ok: boolean;
  readonly data: unknown;
  readonly issues: Issue[];
}

/** Thrown inside the conversion when a budget is exhausted; caught right below. */
class BudgetExceeded {
  constructor(readonly issue: Issue) {}
}

function toPlainData(doc: Document.Parsed, file: string, docIndex: number, limits: LoadLimits): Conversion {
  const { isAlias, isMap, isPair, isScalar, isSeq } = yamlLibrary();
  const issues: Issue[] = [];
  let nodes = 0;
  let aliases = 0;

  const fail = (node: Node | null | undefined, message: string, hint?: string): never => {
    throw new BudgetExceeded({ rule: "contract/yaml", file, doc: docIndex, offset: node?.range?.[0], message, ...(hint ? { hint } : {}) });
  };

  // Recursion is bounded by maxDepth (checked first), so the stack cannot overflow.
  const convert = (node: unknown, depth: number, path: (string | number)[]): unknown => {
    if (++nodes > limits.maxNodes) fail(node as Node, `document expands to more than ${limits.maxNodes} values`, "this looks like an alias bomb; write the values out");
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      if (++aliases > limits.maxAliases)
        fail(node, `more than ${limits.maxAliases} alias expansions (a "billion laughs" alias bomb?)`, "write the values out instead of aliasing them");
      const target = node.resolve(doc);
      if (target === undefined) fail(node, `unresolved alias *${node.source}`);
      return convert(target, depth, path);
    }
    if (isScalar(node)) return node.value;
    if (depth >= limits.maxDepth) fail(node as Node, nestingMessage(limits));
    if (isMap(node)) {
      const object = Object.create(null) as Record<string, unknown>;
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key;
        if (keyNode !== null && !isScalar(keyNode)) {
          issues.push({ rule: "contract/yaml", file, doc: docIndex, offset: (keyNode as Node).range?.[0], message: "a mapping key must be a plain value, not a collection or alias" });
          continue;
        }
        const rawKey = isScalar(keyNode) ? keyNode.value : null;
        const key = rawKey === null || rawKey === undefined ? "" : String(rawKey);
        if (Object.hasOwn(object, key)) {
          issues.push({
            rule: "contract/duplicate-key",
            file,
            doc: docIndex,
            offset: keyNode?.range?.[0],
            endOffset: keyNode?.range?.[1],
            subjectPath: [...path, key],
            message: `duplicate key \`${key}\`: a YAML mapping may give each key once`,
            hint: `remove one of the two \`${key}\` entries (YAML parsers disagree on which one wins)`,
          });
          continue;
        }
        object[key] = convert(pair.value, depth + 1, [...path, key]);
      }
      return object;
    }
    if (isSeq(node)) {
      return node.items.map((item, i) => convert(item, depth + 1, [...path, i]));
    }
    return null;
  };

  try {
    // A document with no content at all (`a: 1\n---\n`, a trailing or doubled `---`) declares
    // nothing and is skipped, as the contents-less one is; an explicit `~` or `null` is content.
    const empty = doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null && doc.contents.source === "");
    return { ok: true, data: empty ? undefined : convert(doc.contents, 0, []), issues };
  } catch (error) {
    if (error instanceof BudgetExceeded) return { ok: false, data: undefined, issues: [...issues, error.issue] };
    if (error instanceof RangeError) {
      return { ok: false, data: undefined, issues: [...issues, { rule: "contract/yaml", file, doc: docIndex, message: nestingMessage(limits) }] };
    }
    throw error;
  }
}

function closing(opener: "[" | "{" | '"' | "'"): string {
  return opener === "[" ? "]" : opener === "{" ? "}" : opener;
}

function nestingMessage(limits: LoadLimits): string {
  return `nesting deeper than ${limits.maxDepth} levels: contract documents are never this deep`;
}

/**
 * A cheap lexical pre-check of flow (`[`/`{`) and compact block (`- - -`) nesting, so that
 * a 10,000-deep document is refused before the parser spends seconds on it. It skips
 * quoted scalars and comments; it may overestimate on odd plain scalars but only by
 * counting brackets a real contract never stacks 64 deep.
 */
export function flowNestingOver(text: string, maxDepth: number): number | undefined {
  let depth = 0;
  let lineStart = true;
  let compact = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") {
      lineStart = true;
      compact = 0;
      continue;
    }
    if (lineStart && (c === " " || c === "\t")) continue;
    const tokenStart = lineStart || isTokenBoundary(text.charCodeAt(i - 1));
    if (lineStart && c === "-" && text[i + 1] === " ") {
      if (++compact > maxDepth) return i;
      i++;
      continue;
    }
    lineStart = false;
    if (c === "#" && tokenStart) {
      while (i < text.length && text[i] !== "\n") i++;
      i--;
      continue;
    }
    if ((c === '"' || c === "'") && tokenStart) {
      const quote = c;
      for (i++; i < text.length; i++) {
        if (quote === '"' && text[i] === "\\") i++;
        else if (text[i] === quote) {
          if (quote === "'" && text[i + 1] === "'") i++;
          else break;
        }
      }
      continue;
    }
    if (c === "[" || c === "{") {
      if (++depth > maxDepth) return i;
    } else if ((c === "]" || c === "}") && depth > 0) depth--;
  }
  return undefined;
}

/** Whitespace, `[`, `{`, `,` or `:`: where a quoted scalar or comment may begin. */
function isTokenBoundary(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 91 || code === 123 || code === 44 || code === 58;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let low = 0;
  let high = bytes.length;
  // Binary search for the shortest invalid prefix (a prefix may also fail mid-sequence; fine for a hint).
  while (high - low > 4) {
    const mid = (low + high) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid));
      low = mid;
    } catch {
      high = mid;
    }
  }
  return low;
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}

function errorText(error: unknown): string {
  return error instanceof Error ? firstLine(error.message) : String(error);
}

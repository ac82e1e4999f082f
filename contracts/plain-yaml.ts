/**
 * The fastest path of reading a contract file: a reader for "plain" block YAML only — the
 * shape nearly every contract has. Block mappings and sequences indented with spaces, keys
 * on one line, plain or quoted (no escapes) one-line scalars, one-line flow collections,
 * comments, `---` between documents. Anything else — anchors, aliases, tags, block scalars,
 * multi-line scalars or flows, escapes, tabs, CR line ends, duplicate keys, numerals on
 * which YAML parsers disagree — returns undefined and the file takes the js-yaml path
 * (fast-yaml.ts), then the careful one (yaml.ts), exactly as before. Declining is always
 * safe; accepting must give what those paths give (test/contracts/plain-yaml.test.ts holds
 * it to js-yaml and to `yaml` on generated and real files).
 *
 * Why hand-written: on 100,000 services in 100 files js-yaml's parse was ~40% of
 * `validate`'s time and its intermediate objects, copied to null-prototype ones, most of
 * the garbage collection (see bench/loader.mjs). This reader builds the final objects
 * directly, one pass over the text, no intermediate nodes.
 */
import type { LoadLimits } from "./limits.js";

/** Thrown inside the reader when the text is not plain; caught in `parsePlainYaml`. */
const DECLINE = Symbol("not plain YAML");

/** Characters that make a whole file not plain: tab, CR, BOM, and line breaks YAML 1.1 knew. */
const NOT_PLAIN_TEXT = /[\t\r\ufeff\u0085\u2028\u2029]/;

const NEWLINE = 10;
const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const BACKSLASH = 92;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const COMMA = 44;

/** Strings pooled per file (see `slice`): short ones, in a small direct-mapped table. */
const MAX_POOLED = 32;
const MIN_POOL_SIZE = 16;
const MAX_POOL_SIZE = 1024;

/** Peeked indentation meaning "end of text" and "a `---` line". */
const END = -1;
const MARKER = -2;

/**
 * The documents of `text` as null-prototype plain data, or undefined when the text is not
 * plain (or exceeds the limits): the caller then reads it another way.
 */
export function parsePlainYaml(text: string, limits: LoadLimits): unknown[] | undefined {
  if (NOT_PLAIN_TEXT.test(text)) return undefined;
  try {
    return new PlainReader(text, limits).documents();
  } catch (error) {
    if (error === DECLINE) return undefined;
    throw error;
  }
}

class PlainReader {
  /** Always at the start of a line (or the end of the text) between nodes. */
  private at = 0;
  private nodes = 0;
  private readonly pool: (string | undefined)[];

  constructor(
    private readonly text: string,
    private readonly limits: LoadLimits,
  ) {
    // Sized to the text: a one-service file needs a few slots, not the thousand-service file's.
    let size = MIN_POOL_SIZE;
    while (size < MAX_POOL_SIZE && size * 32 < text.length) size *= 2;
    this.pool = new Array<string | undefined>(size);
  }

  documents(): unknown[] {
    const documents: unknown[] = [];
    let indent = this.peek();
    if (indent === MARKER) {
      this.skipLine();
      indent = this.peek();
    }
    for (;;) {
      // Every document is a mapping at column 0 (empty documents count differently in the
      // two other readers: declined, as they are there).
      if (indent !== 0 || !this.isKeyAt(this.at)) throw DECLINE;
      documents.push(this.mapping(0, this.at, 0));
      indent = this.peek();
      if (indent === END) return documents;
      if (indent !== MARKER) throw DECLINE;
      this.skipLine();
      indent = this.peek();
    }
  }

  /**
   * Skip blank and comment lines; the indentation of the next content line (`at` is left at
   * its start), END, or MARKER for a bare `---` line.
   */
  private peek(): number {
    const text = this.text;
    for (;;) {
      const start = this.at;
      if (start >= text.length) return END;
      let i = start;
      while (text.charCodeAt(i) === SPACE) i++;
      const c = text.charCodeAt(i);
      if (c === NEWLINE) {
        this.at = i + 1;
        continue;
      }
      if (i >= text.length) {
        this.at = i;
        return END;
      }
      if (c === HASH) {
        this.skipLine();
        continue;
      }
      if (i === start && (text.startsWith("---", i) || text.startsWith("...", i))) {
        const after = text.charCodeAt(i + 3);
        if (text.startsWith("---", i) && (after === NEWLINE || i + 3 >= text.length)) return MARKER;
        throw DECLINE; // `--- content`, `...`: not plain
      }
      return i - start;
    }
  }

  /**
   * `text.slice(start, end)`, the same string each time for the same short text. Keys and
   * values repeat across documents (`kind`, `tier-1`, `eu-west-1`): one string each is less
   * to keep and to collect, and a key V8 has already made a property name is found again
   * without hashing a new string.
   */
  private slice(start: number, end: number): string {
    const text = this.text;
    const length = end - start;
    if (length > MAX_POOLED || length === 0) return text.slice(start, end);
    const slot = (length * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(end - 1) * 3 + text.charCodeAt(start + (length >> 1))) & (this.pool.length - 1);
    const pooled = this.pool[slot];
    if (pooled !== undefined && pooled.length === length && text.startsWith(pooled, start)) return pooled;
    const fresh = text.slice(start, end);
    this.pool[slot] = fresh;
    return fresh;
  }

  private skipLine(): void {
    const next = this.text.indexOf("\n", this.at);
    this.at = next === -1 ? this.text.length : next + 1;
  }

  private count(depth: number, collection: boolean): void {
    if (++this.nodes > this.limits.maxNodes) throw DECLINE;
    if (collection && depth >= this.limits.maxDepth) throw DECLINE;
  }

  /** A block mapping whose keys stand at `column`; the first key at offset `first`. */
  private mapping(column: number, first: number, depth: number): Record<string, unknown> {
    this.count(depth, true);
    const object: Record<string, unknown> = {};
    let keyAt = first;
    for (;;) {
      const [key, afterColon] = this.key(keyAt);
      if (key === "<<" || Object.hasOwn(object, key)) throw DECLINE;
      const value = this.valueAfterColon(afterColon, column, depth + 1);
      if (key === "__proto__") Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
      else object[key] = value;
      const indent = this.peek();
      if (indent < column) break;
      if (indent > column) throw DECLINE;
      keyAt = this.at + indent;
      if (this.isSequenceEntry(keyAt)) break; // the parent's sequence (or an error it finds)
    }
    // Null prototype set last: the object keeps V8's fast properties (measured: ~106 bytes
    // against ~290 for Object.create(null) with five keys), and `__proto__` stays a key.
    Object.setPrototypeOf(object, null);
    return object;
  }

  /** A block sequence whose `-` stand at `column`; `at` is at the start of the first one's line. */
  private sequence(column: number, depth: number): unknown[] {
    this.count(depth, true);
    const items: unknown[] = [];
    const text = this.text;
    for (;;) {
      let i = this.at + column + 1; // past the `-`
      while (text.charCodeAt(i) === SPACE) i++;
      const c = text.charCodeAt(i);
      if (i >= text.length || c === NEWLINE || c === HASH) {
        // `-` alone on its line: the item is the block below, or empty.
        this.at = i;
        this.skipLine();
        items.push(this.nestedBlock(column, depth + 1, false));
      } else if (this.isSequenceEntry(i)) {
        // `- - x`: a sequence whose entries stand where this first one does.
        items.push(this.sequence(i - this.at, depth + 1));
      } else if (this.isKeyAt(i)) {
        // `- key: value`: a mapping whose keys stand where this first one does.
        items.push(this.mapping(i - this.at, i, depth + 1));
      } else {
        items.push(this.inlineValue(i, depth + 1));
      }
      const indent = this.peek();
      if (indent !== column || !this.isSequenceEntry(this.at + column)) {
        if (indent > column) throw DECLINE;
        break;
      }
    }
    return items;
  }

  /** `-` followed by a space or the end of the line. */
  private isSequenceEntry(i: number): boolean {
    const text = this.text;
    if (text.charCodeAt(i) !== DASH) return false;
    const next = text.charCodeAt(i + 1);
    return next === SPACE || next === NEWLINE || i + 1 >= text.length;
  }

  /** What follows `key:`: a value on the same line, or the block below it. */
  private valueAfterColon(i: number, column: number, depth: number): unknown {
    const text = this.text;
    while (text.charCodeAt(i) === SPACE) i++;
    const c = text.charCodeAt(i);
    if (i >= text.length || c === NEWLINE || c === HASH) {
      this.at = i;
      this.skipLine();
      return this.nestedBlock(column, depth, true);
    }
    return this.inlineValue(i, depth);
  }

  /**
   * The block below a `key:` or a lone `-` at `column`: a deeper mapping or sequence, a
   * sequence at the same column (after a key only), or nothing (null).
   */
  private nestedBlock(column: number, depth: number, afterKey: boolean): unknown {
    const indent = this.peek();
    if (indent > column) {
      const start = this.at + indent;
      if (this.isSequenceEntry(start)) return this.sequence(indent, depth);
      if (this.isKeyAt(start)) return this.mapping(indent, start, depth);
      throw DECLINE; // a scalar on a line of its own (multi-line plain, block scalar…)
    }
    if (afterKey && indent === column && this.isSequenceEntry(this.at + indent)) return this.sequence(indent, depth);
    this.count(depth, false);
    return null;
  }

  /** A scalar or flow collection starting at `i` and ending its line; `at` moves to the next line. */
  private inlineValue(i: number, depth: number): unknown {
    const text = this.text;
    const c = text.charCodeAt(i);
    let value: unknown;
    let end: number;
    if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      [value, end] = this.flow(i, depth);
    } else if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      this.count(depth, false);
      [value, end] = this.quoted(i);
    } else {
      this.count(depth, false);
      [value, end] = this.plainInBlock(i);
    }
    // A deeper line after it would continue a multi-line scalar (or be an error): the
    // enclosing mapping or sequence declines any line deeper than its own column.
    this.endOfLine(end);
    return value;
  }

  /** Only spaces and a comment may follow a value on its line; `at` moves to the next line. */
  private endOfLine(i: number): void {
    const text = this.text;
    while (text.charCodeAt(i) === SPACE) i++;
    if (i < text.length && text.charCodeAt(i) !== NEWLINE) {
      if (text.charCodeAt(i) !== HASH || text.charCodeAt(i - 1) !== SPACE) throw DECLINE;
    }
    this.at = i;
    this.skipLine();
  }

  /** A plain scalar in block context, to the end of the line or a ` #` comment. */
  private plainInBlock(i: number): [unknown, number] {
    const text = this.text;
    if (!startsPlain(text, i)) throw DECLINE;
    let j = i;
    let end = i;
    for (; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === NEWLINE) break;
      if (c === HASH && text.charCodeAt(j - 1) === SPACE) break;
      if (c === COLON) {
        const next = text.charCodeAt(j + 1);
        if (next === SPACE || next === NEWLINE || j + 1 >= text.length) throw DECLINE; // `a: b: c`
      }
      if (c !== SPACE) end = j + 1;
    }
    return [plainScalar(this.slice(i, end)), j];
  }

  /** Is there a `key:` (plain or quoted, on one line) at offset `i`? */
  private isKeyAt(i: number): boolean {
    return this.keyEnd(i) !== -1;
  }

  /** The offset of the `:` ending the key at `i`, or -1 when `i` starts no key. */
  private keyEnd(i: number): number {
    const text = this.text;
    const c = text.charCodeAt(i);
    let j: number;
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const close = text.indexOf(String.fromCharCode(c), i + 1);
      if (close === -1) return -1;
      j = close + 1;
      if (c === SINGLE_QUOTE) {
        // '' is an escaped quote inside: find the real end.
        let k = i + 1;
        for (;;) {
          const q = text.indexOf("'", k);
          if (q === -1) return -1;
          if (text.charCodeAt(q + 1) === SINGLE_QUOTE) k = q + 2;
          else {
            j = q + 1;
            break;
          }
        }
      }
    } else {
      if (!startsPlain(text, i)) return -1;
      for (j = i; j < text.length; j++) {
        const d = text.charCodeAt(j);
        if (d === NEWLINE) return -1;
        if (d === HASH && text.charCodeAt(j - 1) === SPACE) return -1;
        if (d === COLON) {
          const next = text.charCodeAt(j + 1);
          if (next === SPACE || next === NEWLINE || j + 1 >= text.length) return j;
        }
      }
      return -1;
    }
    if (text.charCodeAt(j) !== COLON) return -1;
    const next = text.charCodeAt(j + 1);
    return next === SPACE || next === NEWLINE || j + 1 >= text.length ? j : -1;
  }

  /** The key at `i` and the offset after its `:`. */
  private key(i: number): [string, number] {
    const colon = this.keyEnd(i);
    if (colon === -1) throw DECLINE;
    const text = this.text;
    const c = text.charCodeAt(i);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const [value, end] = this.quoted(i);
      if (end !== colon) throw DECLINE;
      return [value, colon + 1];
    }
    const raw = this.slice(i, colon);
    if (raw.charCodeAt(raw.length - 1) === SPACE) throw DECLINE; // `a : 1`
    const key = plainScalar(raw);
    if (typeof key !== "string") throw DECLINE; // `1: x`, `null: x`: the readers stringify these differently
    return [key, colon + 1];
  }

  /** A one-line quoted scalar without escapes; the value and the offset after it. */
  private quoted(i: number): [string, number] {
    const text = this.text;
    const quote = text.charCodeAt(i);
    let value = "";
    let from = i + 1;
    for (let j = from; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === NEWLINE) throw DECLINE;
      if (quote === DOUBLE_QUOTE && c === BACKSLASH) throw DECLINE;
      if (c === quote) {
        if (quote === SINGLE_QUOTE && text.charCodeAt(j + 1) === SINGLE_QUOTE) {
          value += text.slice(from, j + 1);
          from = j + 2;
          j++;
          continue;
        }
        return [value === "" ? this.slice(from, j) : value + text.slice(from, j), j + 1];
      }
    }
    throw DECLINE;
  }

  /** A one-line flow collection at `i`; the value and the offset after it. */
  private flow(i: number, depth: number): [unknown, number] {
    this.count(depth, true);
    const text = this.text;
    const close = text.charCodeAt(i) === OPEN_BRACKET ? CLOSE_BRACKET : CLOSE_BRACE;
    const items: unknown[] = [];
    const object: Record<string, unknown> = {};
    let j = skipSpaces(text, i + 1);
    if (text.charCodeAt(j) === close) return [close === CLOSE_BRACKET ? items : nullPrototype(object), j + 1];
    for (;;) {
      if (close === CLOSE_BRACE) {
        let key: unknown;
        const c = text.charCodeAt(j);
        if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) [key, j] = this.quoted(j);
        else [key, j] = this.plainInFlow(j, true);
        if (typeof key !== "string" || key === "<<" || Object.hasOwn(object, key)) throw DECLINE;
        if (text.charCodeAt(j) !== COLON || text.charCodeAt(j + 1) !== SPACE) throw DECLINE;
        let value: unknown;
        [value, j] = this.flowItem(skipSpaces(text, j + 1), depth + 1);
        if (key === "__proto__") Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
        else object[key] = value;
      } else {
        let value: unknown;
        [value, j] = this.flowItem(j, depth + 1);
        items.push(value);
      }
      j = skipSpaces(text, j);
      const c = text.charCodeAt(j);
      if (c === close) return [close === CLOSE_BRACKET ? items : nullPrototype(object), j + 1];
      if (c !== COMMA) throw DECLINE;
      j = skipSpaces(text, j + 1);
      if (text.charCodeAt(j) === close) throw DECLINE; // a trailing comma
    }
  }

  private flowItem(i: number, depth: number): [unknown, number] {
    const c = this.text.charCodeAt(i);
    if (c === OPEN_BRACKET || c === OPEN_BRACE) return this.flow(i, depth);
    this.count(depth, false);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) return this.quoted(i);
    return this.plainInFlow(i, false);
  }

  /** A plain scalar inside a flow collection: up to `,`, a closing bracket (or `: ` for a key). */
  private plainInFlow(i: number, isKey: boolean): [unknown, number] {
    const text = this.text;
    if (!startsPlain(text, i)) throw DECLINE;
    let j = i;
    let end = i;
    for (; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE) break;
      if (c === NEWLINE || c === OPEN_BRACKET || c === OPEN_BRACE || c === HASH) throw DECLINE;
      if (c === COLON) {
        if (isKey && text.charCodeAt(j + 1) === SPACE && end === j) break;
        throw DECLINE; // `a:b` or `[a: b]` inside a flow: the other readers decide
      }
      if (c !== SPACE) end = j + 1;
    }
    if (end === i) throw DECLINE;
    const value = plainScalar(this.slice(i, end));
    return [value, isKey ? end : j];
  }
}

function nullPrototype(object: Record<string, unknown>): Record<string, unknown> {
  Object.setPrototypeOf(object, null);
  return object;
}

function skipSpaces(text: string, i: number): number {
  while (text.charCodeAt(i) === SPACE) i++;
  return i;
}

/** Characters that may not start a plain scalar (YAML 1.2 §7.3.3 c-indicator), by code. */
const INDICATOR = new Uint8Array(128);
for (const c of ",[]{}#&*!|>'\"%@`?:-") INDICATOR[c.charCodeAt(0)] = 1;

/** May a plain scalar start here? Not with an indicator, except `-` before a non-space (`-1`, `-x`). */
function startsPlain(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === SPACE || c === NEWLINE || Number.isNaN(c)) return false;
  if (c < 128 && INDICATOR[c] === 1) {
    if (c !== DASH) return false;
    const next = text.charCodeAt(i + 1);
    return !(next === SPACE || next === NEWLINE || Number.isNaN(next));
  }
  return true;
}

/** Only these first characters can make a plain scalar anything but a string (YAML 1.2 core schema). */
const MAYBE_TYPED = new Uint8Array(128);
for (const c of "~nNtTfF0123456789+.-") MAYBE_TYPED[c.charCodeAt(0)] = 1;
/** Integers and decimals both readers construct alike (no leading zeros, no -0, exactly representable). */
const DECIMAL_INTEGER = /^-?[1-9][0-9]{0,14}$|^0$/;
const DECIMAL_FRACTION = /^-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/;
/**
 * Every plain scalar that js-yaml's or `yaml`'s core schema reads as a number (signs,
 * underscores, 0b/0o/0x, exponents, .inf, .nan): what the two decimal forms above do not
 * cover is declined, so a number is never read differently here.
 */
const NUMBER_LIKE = /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+]?[0-9]+)?|0[bxo][0-9a-fA-F_]+|\.(?:inf|Inf|INF|nan|NaN|NAN))$/;

/** A plain scalar's value under the YAML 1.2 core schema, as js-yaml and `yaml` both read it. */
function plainScalar(raw: string): unknown {
  const first = raw.charCodeAt(0);
  if (!(first < 128 && MAYBE_TYPED[first] === 1)) return raw;
  switch (raw) {
    case "~":
    case "null":
    case "Null":
    case "NULL":
      return null;
    case "true":
    case "True":
    case "TRUE":
      return true;
    case "false":
    case "False":
    case "FALSE":
      return false;
  }
  if (DECIMAL_INTEGER.test(raw) || DECIMAL_FRACTION.test(raw)) {
    const number = Number(raw);
    if (Object.is(number, -0)) throw DECLINE;
    return number;
  }
  if (NUMBER_LIKE.test(raw)) throw DECLINE;
  return raw;
}

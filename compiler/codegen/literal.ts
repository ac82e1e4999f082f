/**
 * Plain data → TypeScript source text. Every string goes through {@link str}, so contract text
 * (names, patterns, replacement strings) is always an escaped string literal, never code.
 */

export type Literal = string | number | boolean | null | readonly Literal[] | { readonly [key: string]: Literal };

/**
 * A double-quoted string literal: JSON's escaping (quotes, backslashes, control characters,
 * lone surrogates) plus U+2028/U+2029, which older engines read as line terminators.
 */
export function str(s: string): string {
  // the usual name or key needs no escaping at all: quoted as it is (a third of the cost)
  if (PLAIN.test(s)) return `"${s}"`;
  return JSON.stringify(s).replace(/[\u2028\u2029]/g, (c) => (c === "\u2028" ? "\\u2028" : "\\u2029"));
}

/** Text that stands in a string literal as it is: printable ASCII other than `"` and `\`. */
const PLAIN = /^[ !#-[\]-~]*$/;

export function num(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot emit the number ${n}`);
  return String(n);
}

/**
 * Data as an expression, one line; an array holding objects puts each element on a line of
 * its own, indented by `indent` + 2 spaces (the plan's slot groups and detectors).
 */
export function literal(value: Literal, indent = ""): string {
  if (value === null) return "null";
  if (typeof value === "string") return str(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return num(value);
  if (Array.isArray(value)) {
    const items = value as readonly Literal[];
    if (items.length === 0) return "[]";
    if (!items.some((v) => typeof v === "object" && v !== null)) return `[${items.map((v) => literal(v)).join(", ")}]`;
    const inner = `${indent}  `;
    return `[\n${items.map((v) => inner + literal(v, inner)).join(",\n")}\n${indent}]`;
  }
  const record = value as { readonly [key: string]: Literal };
  const keys = Object.keys(record);
  if (keys.length === 0) return "{}";
  return `{ ${keys.map((key) => `${str(key)}: ${literal(record[key]!, indent)}`).join(", ")} }`;
}

/**
 * A JSDoc block at `indent` (no lines when `text` is empty): `*\/` in the text cannot end the
 * comment early, and every line keeps its ` * ` gutter.
 */
export function docLines(text: string | undefined, indent: string): string[] {
  if (text === undefined || text.trim() === "") return [];
  const safe = text.replace(/\*\//g, "*\\/").replace(/\r\n?|[\u2028\u2029]/g, "\n");
  return [`${indent}/**`, ...safe.split("\n").map((line) => (line === "" ? `${indent} *` : `${indent} * ${line}`)), `${indent} */`];
}

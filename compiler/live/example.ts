/**
 * The one example a live finding keeps, redacted: received values are never printed. A string
 * keeps its shape and nothing else — every letter becomes `x`, every digit `9`, punctuation and
 * spaces stay (`jane@example.com` → `xxxx@xxxxxxx.xxx`), cut after 32 characters; other values
 * are named by type only.
 */
import { elementsOf, kindOf, stringOf, typeName } from "./values.js";

const SHAPE_LENGTH = 32;

/** The shape of a string: letters → x, digits → 9, anything else (punctuation, spaces) kept; control characters → `?`. */
export function shapeOf(text: string): string {
  let out = "";
  let n = 0;
  for (const char of text) {
    if (n++ === SHAPE_LENGTH) {
      out += "…";
      break;
    }
    if (/\p{L}|\p{M}/u.test(char)) out += "x";
    else if (/\p{N}/u.test(char)) out += "9";
    else if (/[\p{Cc}\p{Cf}\p{Co}\p{Cn}"\\]/u.test(char)) out += "?";
    else out += char;
  }
  return out;
}

/** Number of characters (code points) of a string, counted without building an array. */
function length(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The redacted example of an OTLP AnyValue. */
export function exampleOf(value: unknown): string {
  const s = stringOf(value);
  if (s !== undefined) return `"${shapeOf(s)}" (string, ${length(s)} characters)`;
  const kind = kindOf(value);
  if (kind === "array") {
    const items = elementsOf(value);
    const first = items.find((item) => stringOf(item) !== undefined);
    const firstShape = first === undefined ? "" : `, first string "${shapeOf(stringOf(first)!)}"`;
    return `${typeName(value)} of ${items.length} element${items.length === 1 ? "" : "s"}${firstShape}`;
  }
  return kind === "empty" ? "no value" : `${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind}`;
}

/** The redacted example of a piece of free text (a span name, a log body). */
export function textExample(text: string): string {
  return `"${shapeOf(text)}" (${length(text)} characters)`;
}

/**
 * The statement and expression texts of the redaction functions that do not depend on a
 * writer's state: type checks, guarded reads, own-property writes, the copy. Every key is an
 * escaped string literal ({@link str}); statements are lines without indentation, indented by
 * {@link indent} where they nest.
 */
import type { AttributeType } from "../../contracts/model.js";
import { str } from "./literal.js";

/** Lines nested one level (two spaces). */
export function indent(lines: readonly string[]): string[] {
  return lines.map((line) => (line === "" ? line : `  ${line}`));
}

/** `function <signature> {`, the body, `}`. */
export function functionDeclaration(signature: string, body: readonly string[]): string[] {
  return [`function ${signature} {`, ...indent(body), "}"];
}

/** `typeof v === "…"` (and friends) for a declared type; `r.isArrayOf(v, "string")` for arrays (`r`: a sink context's name). */
export function typeCheck(type: AttributeType, v: string, r: string): string {
  switch (type) {
    case "string":
    case "boolean":
      return `typeof ${v} === "${type}"`;
    case "int":
      return `Number.isInteger(${v})`;
    case "double":
      return `typeof ${v} === "number"`;
    default:
      return `${r}.isArrayOf(${v}, ${str(type.slice(0, -2))})`;
  }
}

/**
 * `target["key"] = value;` — or, for the key `__proto__`, whose assignment would set the copy's
 * prototype instead, `Object.defineProperty(target, "__proto__", { value, enumerable: true, … });`.
 */
export function setOwn(target: string, key: string, value: string): string {
  if (key !== "__proto__") return `${target}[${str(key)}] = ${value};`;
  return `Object.defineProperty(${target}, "__proto__", { value: ${value}, enumerable: true, writable: true, configurable: true });`;
}

/**
 * `a["key"]` — guarded by `Object.hasOwn` for keys that exist on Object.prototype
 * (`constructor`, `toString`, …), which must be read only when they are own properties.
 */
export function readKey(source: string, key: string): string {
  const read = `${source}[${str(key)}]`;
  return key in Object.prototype ? `(Object.hasOwn(${source}, ${str(key)}) ? ${read} : undefined)` : read;
}

/** Past this many fields that may leave, the copy is built key by key only (engines make huge literals slow). */
const MAX_LITERAL_FIELDS = 64;

/**
 * Statements that hand the copy of the fields that may leave (each in its local, undefined when
 * absent or dropped) to `deliver`: when every one is there (the usual case), as ONE object
 * literal, so the engine allocates it whole with a fixed shape; otherwise key by key into `o`,
 * written out per function (a shared runtime helper copying with computed keys measured 2×
 * slower on a span with one optional field absent: bench/span-redaction-ab.mjs).
 *
 *   if (x0 !== undefined && x1 !== undefined) return { "order.id": x0, "user.email": x1 };
 *   const o: Attributes = {};
 *   if (x0 !== undefined) o["order.id"] = x0;
 *   …
 *   return o;
 *
 * `deliver` returns (a `return` statement) or stores (then the key-by-key copy is an `else` block).
 */
export function copyStatements(leaving: readonly { key: string; local: string }[], deliver: (copy: string) => string, returns: boolean): string[] {
  if (leaving.length === 0) return [deliver("{}")];
  const keyByKey = ["const o: Attributes = {};", ...leaving.map(({ key, local }) => `if (${local} !== undefined) ${setOwn("o", key, local)}`), deliver("o")];
  if (leaving.length > MAX_LITERAL_FIELDS) return returns ? keyByKey : ["{", ...indent(keyByKey), "}"];
  // a computed `["__proto__"]` defines an own property; a plain `"__proto__":` would set the prototype
  const properties = leaving.map(({ key, local }) => `${key === "__proto__" ? `[${str(key)}]` : str(key)}: ${local}`);
  const allThere = `if (${leaving.map(({ local }) => `${local} !== undefined`).join(" && ")}) ${deliver(`{ ${properties.join(", ")} }`)}`;
  return returns ? [allThere, ...keyByKey] : [allThere, "else {", ...indent(keyByKey), "}"];
}

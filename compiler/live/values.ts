/**
 * OTLP AnyValues as live-check reads them, from a protobufjs message or an OTLP/JSON object
 * alike: protobufjs sets only the fields it decoded as own properties (defaults sit on the
 * prototype), and OTLP/JSON objects carry only the fields that were sent, so "which field is
 * own" is the value's kind in both.
 */
import type { AttributeType } from "../../contracts/model.js";

export type ValueKind = "string" | "boolean" | "int" | "double" | "bytes" | "map" | "array" | "empty";

const hasOwn = Object.prototype.hasOwnProperty;

/** The kind of an AnyValue (`empty` for a missing or unset value). */
export function kindOf(value: unknown): ValueKind {
  if (value === null || typeof value !== "object") return "empty";
  if (hasOwn.call(value, "stringValue")) return "string";
  if (hasOwn.call(value, "intValue")) return "int";
  if (hasOwn.call(value, "doubleValue")) return "double";
  if (hasOwn.call(value, "boolValue")) return "boolean";
  if (hasOwn.call(value, "arrayValue")) return "array";
  if (hasOwn.call(value, "kvlistValue")) return "map";
  if (hasOwn.call(value, "bytesValue")) return "bytes";
  return "empty";
}

/** The string of a string AnyValue, else undefined. */
export function stringOf(value: unknown): string | undefined {
  const s = (value as { stringValue?: unknown } | null | undefined)?.stringValue;
  return typeof s === "string" ? s : undefined;
}

/** The elements of an array AnyValue (or of a kvlist's values). */
export function elementsOf(value: unknown): readonly unknown[] {
  const list = (value as { arrayValue?: { values?: unknown } } | null | undefined)?.arrayValue?.values;
  return Array.isArray(list) ? list : [];
}

/** The entries of a kvlist AnyValue. */
export function entriesOf(value: unknown): readonly unknown[] {
  const list = (value as { kvlistValue?: { values?: unknown } } | null | undefined)?.kvlistValue?.values;
  return Array.isArray(list) ? list : [];
}

/**
 * Does a value of `kind` conform to the declared type? An int is a lossless double (the JS SDK
 * sends 42.0 as an int). An empty AnyValue conforms to every type: the OpenTelemetry JS
 * protobuf serializer writes 0, false and "" as an AnyValue with no member at all, so an empty
 * value is a default of a type nobody can tell.
 */
function scalarConforms(kind: ValueKind, type: "string" | "int" | "double" | "boolean"): boolean {
  return kind === type || kind === "empty" || (type === "double" && kind === "int");
}

/** Does the AnyValue conform to the field's declared type? An empty array conforms to every array type. */
export function conforms(value: unknown, type: AttributeType): boolean {
  const kind = kindOf(value);
  if (!type.endsWith("[]")) return scalarConforms(kind, type as "string" | "int" | "double" | "boolean");
  if (kind === "empty") return true;
  if (kind !== "array") return false;
  const element = type.slice(0, -2) as "string" | "int" | "double" | "boolean";
  for (const item of elementsOf(value)) if (!scalarConforms(kindOf(item), element)) return false;
  return true;
}

/** A name for the type of a received value, as a contract would write it (`string`, `int[]`, `map`). */
export function typeName(value: unknown): string {
  const kind = kindOf(value);
  if (kind !== "array") return kind;
  const kinds = new Set<ValueKind>();
  for (const item of elementsOf(value)) kinds.add(kindOf(item));
  if (kinds.size === 0) return "[]";
  if (kinds.size === 2 && kinds.has("int") && kinds.has("double")) return "double[]";
  return kinds.size === 1 ? `${[...kinds][0]}[]` : "mixed[]";
}

/** How deep live-check follows arrays and kvlists for strings (deeper content is still counted as seen). */
export const MAX_DEPTH = 8;

/** Every string inside an AnyValue (array elements, kvlist values), depth-first, up to MAX_DEPTH. */
export function forEachString(value: unknown, visit: (s: string) => void, depth = 0): void {
  const s = stringOf(value);
  if (s !== undefined) {
    visit(s);
    return;
  }
  if (depth >= MAX_DEPTH || value === null || typeof value !== "object") return;
  if (hasOwn.call(value, "arrayValue")) {
    for (const item of elementsOf(value)) forEachString(item, visit, depth + 1);
  } else if (hasOwn.call(value, "kvlistValue")) {
    for (const entry of entriesOf(value)) forEachString((entry as { value?: unknown } | null)?.value, visit, depth + 1);
  }
}

/** Guards for reading untyped JSON without trusting its shape. */

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function objectAt(value: unknown, key: string): JsonObject | undefined {
  if (!isObject(value) || !Object.hasOwn(value, key)) return undefined;
  const child = value[key];
  return isObject(child) ? child : undefined;
}

export function stringAt(value: unknown, key: string): string | undefined {
  if (!isObject(value) || !Object.hasOwn(value, key)) return undefined;
  const child = value[key];
  return typeof child === "string" ? child : undefined;
}

export function arrayAt(value: unknown, key: string): readonly unknown[] {
  if (!isObject(value) || !Object.hasOwn(value, key)) return [];
  const child = value[key];
  return Array.isArray(child) ? child : [];
}

/** The own entries of a JSON object, as a Map (names are user-given: never index a plain object by them). */
export function entriesOf(value: unknown): [string, unknown][] {
  return isObject(value) ? Object.entries(value) : [];
}

/** Does the value (an `after_unknown` subtree) mark anything unknown? */
export function containsTrue(value: unknown, depth = 0): boolean {
  if (value === true) return true;
  if (depth > 32) return true; // deeper than any provider schema: treat as unknown, never as known
  if (Array.isArray(value)) return value.some((item) => containsTrue(item, depth + 1));
  if (isObject(value)) return Object.values(value).some((item) => containsTrue(item, depth + 1));
  return false;
}

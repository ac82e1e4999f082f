/**
 * The copy a generated redaction function hands on when some field was absent or dropped: it
 * builds the copy as one object literal of its locals (a fixed shape, the fast common case),
 * and when one of them is undefined, this makes the copy without those keys. Shared by every
 * generated function instead of a key-by-key copy written out in each.
 */
import type { Attributes } from "@opentelemetry/api";

/** A new object with the own keys of `o` whose values are not undefined (`__proto__` stays an own key). */
export function definedOnly(o: Attributes): Attributes {
  const out: Attributes = {};
  for (const key of Object.keys(o)) {
    const value = o[key];
    if (value === undefined) continue;
    if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}

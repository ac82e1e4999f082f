/**
 * `definedOnly` (runtime/defined-only.ts): the copy a generated function hands on when some
 * field was absent or dropped. Its oracle: the object's entries without the undefined ones.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Attributes } from "@opentelemetry/api";
import { definedOnly } from "../../runtime/index.js";

const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty"));
const value = fc.oneof(fc.constant(undefined), fc.string(), fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }));

describe("definedOnly", () => {
  it("keeps exactly the own entries whose value is defined, in order, on a plain object", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(key, value), { selector: ([k]) => k, maxLength: 8 }), (entries) => {
        const o: Attributes = {};
        for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
        const copy = definedOnly(o);
        expect(copy).not.toBe(o);
        expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
        expect(Object.entries(copy)).toEqual(Object.entries(o).filter(([, v]) => v !== undefined));
        expect(Object.values(copy).includes(undefined)).toBe(false);
      }),
      { numRuns: 2_000 },
    );
  });

  it("leaves the input unchanged", () => {
    const o: Attributes = { a: "x", b: undefined, c: 1 };
    definedOnly(o);
    expect(Object.entries(o)).toEqual([["a", "x"], ["b", undefined], ["c", 1]]);
  });
});

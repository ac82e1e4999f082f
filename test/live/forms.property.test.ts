/**
 * The judgements live-check makes on single values, against oracles: the runtime's own
 * redaction (runtime/actions.ts) for "arrived in its redacted form", the contract's types for
 * "conforms", and "no letter or digit of a value survives" for the redacted example.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RedactionAction } from "../../contracts/model.js";
import { applyAction } from "../../runtime/actions.js";
import { createHasher } from "../../runtime/hash.js";
import { exampleOf, shapeOf } from "../../compiler/live/example.js";
import { isRedactedForm } from "../../compiler/live/redacted-form.js";
import { conforms, typeName } from "../../compiler/live/values.js";

/** A JS attribute value as OTLP/JSON carries it (the JS SDK's mapping). */
function anyValue(value: unknown): unknown {
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  if (typeof value === "number") return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  return {};
}

const hasher = createHasher("property-test-key");
const scalar = fc.oneof(fc.string({ unit: "grapheme", maxLength: 30 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean());
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }));
const redacting: fc.Arbitrary<RedactionAction> = fc.oneof(
  fc.constant({ kind: "hash" } as const),
  fc.string({ maxLength: 12 }).map((w) => ({ kind: "replace", with: w }) as const),
  fc.integer({ min: 0, max: 8 }).map((n) => ({ kind: "mask", keepLast: n }) as const),
  fc.integer({ min: 0, max: 8 }).map((n) => ({ kind: "truncate", length: n }) as const),
);

describe("isRedactedForm", () => {
  it("accepts whatever the runtime's redaction produces", () => {
    fc.assert(
      fc.property(redacting, value, (action, v) => {
        const out = applyAction(action, v as never, hasher);
        expect(isRedactedForm(anyValue(out), action)).toBe(true);
      }),
    );
  });

  it("refuses a raw value the runtime would have changed (hash, mask)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !s.includes("*")), fc.integer({ min: 0, max: 8 }), (s, keepLast) => {
        expect(isRedactedForm(anyValue(s), { kind: "hash" })).toBe(false);
        if ([...s].length > keepLast) expect(isRedactedForm(anyValue(s), { kind: "mask", keepLast })).toBe(false);
      }),
    );
  });

  it("refuses anything for drop, numbers and booleans for every redacting action", () => {
    expect(isRedactedForm(anyValue("x"), { kind: "drop" })).toBe(false);
    expect(isRedactedForm(anyValue(42), { kind: "truncate", length: 10 })).toBe(false);
    expect(isRedactedForm(anyValue(true), { kind: "replace", with: "true" })).toBe(false);
    expect(isRedactedForm(anyValue([1, 2]), { kind: "hash" })).toBe(false);
    expect(isRedactedForm({}, { kind: "hash" })).toBe(true); // an empty value carries nothing
    expect(isRedactedForm({}, { kind: "drop" })).toBe(false); // but a dropped key must not arrive at all
  });
});

describe("conforms", () => {
  it("takes an int for a double but not a double for an int; arrays element by element", () => {
    expect(conforms(anyValue(12), "double")).toBe(true);
    expect(conforms(anyValue(12.5), "int")).toBe(false);
    expect(conforms(anyValue("12"), "int")).toBe(false);
    expect(conforms(anyValue([1, 2.5]), "double[]")).toBe(true);
    expect(conforms(anyValue([1, "2"]), "int[]")).toBe(false);
    expect(conforms(anyValue([]), "boolean[]")).toBe(true);
    expect(conforms(anyValue("a"), "string[]")).toBe(false);
    expect(typeName(anyValue([1, "2"]))).toBe("mixed[]");
    // the JS protobuf serializer sends 0, false and "" as an AnyValue with no member
    for (const type of ["string", "int", "double", "boolean", "string[]"] as const) expect(conforms({}, type)).toBe(true);
    expect(conforms({ arrayValue: { values: [{}, { intValue: "1" }] } }, "int[]")).toBe(true);
  });

  it("agrees with the JS type of what the SDK sent", () => {
    fc.assert(
      fc.property(scalar, (v) => {
        const expected = typeof v === "string" ? "string" : typeof v === "boolean" ? "boolean" : Number.isInteger(v) ? "int" : "double";
        expect(conforms(anyValue(v), expected)).toBe(true);
        for (const other of ["string", "boolean", "int"] as const) if (other !== expected) expect(conforms(anyValue(v), other)).toBe(false);
      }),
    );
  });
});

describe("the redacted example", () => {
  it("keeps no letter or digit of the value", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), (s) => {
        const shape = shapeOf(s);
        expect(shape).not.toMatch(/[\p{L}\p{N}](?<![x9])/u);
        expect(exampleOf(anyValue(s))).toBe(`"${shape}" (string, ${[...s].length} characters)`);
      }),
    );
  });

  it("names other values by type only", () => {
    expect(exampleOf(anyValue(4111111111111111))).toBe("an int");
    expect(exampleOf(anyValue(["jane@example.com", "b"]))).toBe('string[] of 2 elements, first string "xxxx@xxxxxxx.xxx"');
  });
});

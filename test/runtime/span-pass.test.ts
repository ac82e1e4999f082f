/**
 * The all-sinks pass's per-field step (runtime/span-pass.ts), counted rather than timed: a kept
 * string is put to the shared detector set ONCE for every sink that keeps it (and only for
 * their detectors), a hashed one is hashed once for every sink that hashes it with the same
 * hasher, and each sink applies its own action to what the pass found. Its per-field caches back
 * off while a field's values keep changing and catch up when they recur. Sinks that do not
 * share one detector set (or one hasher) each take their own full path.
 */
import { describe, expect, it, vi } from "vitest";
import { DetectionCache, DetectorSet, SinkContext, createHasher, type DetectorSpec, type FieldSlot, type Hasher } from "../../runtime/index.js";
import { NOT_STRINGS, UNSHARED } from "../../runtime/span-pass.js";

const CARD = "paid with 4111 1111 1111 1111";
const SLOTS: FieldSlot[] = [
  { where: "span:s", key: "note", action: "keep" },
  { where: "span:s", key: "tags", action: "keep" },
];
const PAN: DetectorSpec = { class: "card", detector: "pan", action: { kind: "drop" } };
const CUSTOMER: DetectorSpec = { class: "personal", detector: { pattern: "cus_[0-9]{6}" }, action: { kind: "hash" } };

/** Two sinks of one telemetry instance: one detector cache, one hasher (as createTelemetry makes them). */
function twoSinks(eu: DetectorSpec[], us: DetectorSpec[], hasher: Hasher = createHasher("k"), shareCache = true) {
  const cache = new DetectionCache([...eu, ...us].map((d) => d.detector));
  const r0 = new SinkContext("eu", SLOTS, eu, hasher, shareCache ? cache : new DetectionCache());
  const r1 = new SinkContext("us", SLOTS, us, hasher, shareCache ? cache : new DetectionCache());
  const R = [r0, r1];
  return { r0, r1, R, P: r0.pass(R) };
}

describe("the all-sinks pass's per-field step", () => {
  it("asks the detectors about a new kept string once for every sink, and each sink keeps it and counts it", () => {
    const { r0, r1, P } = twoSinks([PAN], [PAN, CUSTOMER]);
    const verdict = vi.spyOn(DetectorSet.prototype, "once");
    const d = P.text("ord_1234567890", 0, -1);
    expect(verdict).toHaveBeenCalledTimes(1);
    verdict.mockRestore();
    expect(d).toBe(0);
    expect(r0.keepIfClean("ord_1234567890", d, 0)).toBe("ord_1234567890");
    expect(r1.keepIfClean("ord_1234567890", d, 0)).toBe("ord_1234567890");
    expect([r0.stats().fields[0]!.count, r1.stats().fields[0]!.count]).toEqual([1, 1]);
  });

  it("asks nothing about a string shorter than every detector's shortest match (a card: 12 digits; the pattern: 10), yet each sink counts it", () => {
    const { r0, r1, P } = twoSinks([PAN], [PAN, CUSTOMER]);
    const verdict = vi.spyOn(DetectorSet.prototype, "once");
    const d = P.text("ord_12345", 0, -1);
    const e = P.strings(["sku-1", "sku-22"], 1, -1);
    expect(verdict).not.toHaveBeenCalled();
    verdict.mockRestore();
    expect([d, e]).toEqual([0, 0]);
    expect(r0.keepIfClean("ord_12345", d, 0)).toBe("ord_12345");
    expect(r1.keepIfClean("ord_12345", d, 0)).toBe("ord_12345");
    expect([r0.stats().fields[0]!.count, r1.stats().fields[0]!.count]).toEqual([1, 1]);
  });

  it("asks only for the detectors of the sinks that keep the field (a sink that hashes it needs no scan)", () => {
    const { r0, r1, P } = twoSinks([PAN], [PAN, CUSTOMER]);
    const verdict = vi.spyOn(DetectorSet.prototype, "once");
    // kept at eu only (keepers: bit 0): the customer pattern, vendor-only, is not asked for
    expect(P.text("cus_123456", 0, 1)).toBe(0);
    expect(verdict.mock.calls[0]![1]).toBe(r0.ownBits);
    verdict.mockRestore();
    expect(r1.ownBits & ~r0.ownBits).not.toBe(0);
  });

  it("leaves a value some detector fires on to each sink's full path: redacted and counted at each", () => {
    const { r0, r1, P } = twoSinks([PAN], [PAN]);
    for (let i = 0; i < 3; i++) {
      const d = P.text(CARD, 0, -1);
      expect(d).toBeGreaterThan(0);
      expect(r0.keepIfClean(CARD, d, 0)).toBeUndefined();
      expect(r1.keepIfClean(CARD, d, 0)).toBeUndefined();
    }
    for (const r of [r0, r1]) {
      expect(r.stats().detectors[0]!.hits).toBe(3);
      expect(r.stats().fields[0]!.count).toBe(3);
    }
  });

  it("hashes a string once for every sink that hashes it with the same hasher", () => {
    const hasher = createHasher("k");
    const hash = vi.spyOn(hasher, "hash");
    const { r0, r1, P } = twoSinks([], [], hasher);
    const h = P.hash("ana@shop.eu", 0);
    expect(r0.hashed("ana@shop.eu", h, 0)).toBe(r1.hashed("ana@shop.eu", h, 0));
    expect(hash).toHaveBeenCalledTimes(1);
    expect(h).toBe(createHasher("k").hash("ana@shop.eu"));
  });

  it("checks a string[] field's elements and scans them once: null elements allowed, anything else a wrong type", () => {
    const { P } = twoSinks([PAN], [PAN]);
    expect(P.strings(["a", null, undefined, "bb"], 1, -1)).toBe(0);
    expect(P.strings(["a", 7], 1, -1)).toBe(NOT_STRINGS);
    expect(P.strings(["a", { card: CARD }], 1, -1)).toBe(NOT_STRINGS);
    expect(P.strings("a", 1, -1)).toBe(NOT_STRINGS);
    expect(P.strings(["x", CARD], 1, -1)).toBeGreaterThan(0);
  });

  it("stops writing a field's cache while its values keep changing, and caches a value that recurs again soon", () => {
    const { P } = twoSinks([PAN], [PAN]);
    let written = 0;
    for (let i = 0; i < 100; i++) {
      P.text(`ord_${i}`, 0, -1);
      if (P.lastIn[0] === `ord_${i}`) written++;
    }
    // the first misses are written, then one in eight
    expect(written).toBeLessThanOrEqual(4 + 100 / 8);
    expect(written).toBeGreaterThan(4);
    // a value that recurs is cached within a back-off, and answered from the cache from then on
    let cachedAfter = -1;
    for (let i = 0; i < 20; i++) {
      P.text("ord_again", 0, -1);
      if (cachedAfter < 0 && P.lastIn[0] === "ord_again") cachedAfter = i;
    }
    expect(cachedAfter).toBeGreaterThanOrEqual(0);
    expect(cachedAfter).toBeLessThan(8);
  });

  it("while a field backs off, asks the detectors again for a value that recurs at most one back-off long (compared on few turns, not never)", () => {
    const { P } = twoSinks([PAN], [PAN]);
    for (let i = 0; i < 100; i++) P.text(`ord_${i}`, 0, -1);
    const verdict = vi.spyOn(DetectorSet.prototype, "once");
    try {
      for (let i = 0; i < 40; i++) P.text("ord_again", 0, -1);
      // cached on the first turn it is written (within 8), met on the next: then answered from the cache
      expect(verdict.mock.calls.length).toBeLessThanOrEqual(9);
    } finally {
      verdict.mockRestore();
    }
  });

  it("sends each sink down its own path when they do not share one detector set or one hasher", () => {
    const { r0, r1, P } = twoSinks([PAN], [PAN], createHasher("k"), false);
    const d = P.text(CARD, 0, -1);
    expect(d).toBe(UNSHARED);
    expect(r0.keepIfClean(CARD, d, 0)).toBeUndefined();
    expect(r1.keepIfClean("GET", P.text("GET", 0, -1), 0)).toBe("GET");
    expect(r0.stats().detectors[0]!.hits).toBe(1);
    const cache = new DetectionCache();
    const other = [new SinkContext("eu", SLOTS, [], createHasher("k"), cache), new SinkContext("us", SLOTS, [], createHasher("k"), cache)];
    const pass = other[0]!.pass(other);
    expect(pass.hash("ana@shop.eu", 0)).toBeUndefined();
    expect(other[1]!.hashed("ana@shop.eu", undefined, 0)).toBe(createHasher("k").hash("ana@shop.eu"));
  });
});

/**
 * The per-site "last value" cache the generated code's fast path reads (SinkContext.lastIn /
 * lastOut): a value is remembered only when no detector fired on it, so a repeated value with
 * a card number in it is scanned, redacted and counted again every time.
 */
import { describe, expect, it } from "vitest";
import { SinkContext, createHasher, type FieldSlot } from "../../runtime/index.js";

const SLOTS: FieldSlot[] = [{ where: "span:s", key: "note", action: "keep" }];
const CARD = "paid with 4111 1111 1111 1111";

describe("SinkContext's last-value cache", () => {
  it("does not remember a value a detector fired on: each repeat is redacted and counted", () => {
    const r = new SinkContext("vendor", SLOTS, [{ class: "card", detector: "pan", action: { kind: "drop" } }], createHasher("k"));
    expect(r.keepText(CARD, 0)).toBeUndefined();
    expect(r.lastIn[0]).toBeUndefined();
    expect(r.keepText(CARD, 0)).toBeUndefined();
    const stats = r.stats();
    expect(stats.detectors[0]!.hits).toBe(2);
    expect(stats.fields[0]!.count).toBe(2);
  });

  it("remembers a clean value with its output, and answers a repeat from it", () => {
    const r = new SinkContext("vendor", SLOTS, [{ class: "card", detector: "pan", action: { kind: "drop" } }], createHasher("k"));
    expect(r.keepText("GET", 0)).toBe("GET");
    expect([r.lastIn[0], r.lastOut[0]]).toEqual(["GET", "GET"]);
    expect(r.keepText("GET", 0)).toBe("GET");
    expect(r.stats().fields[0]!.count).toBe(2);
    // a new value replaces it
    expect(r.keepText(CARD, 0)).toBeUndefined();
    expect(r.lastIn[0]).toBe("GET");
  });

  it("remembers kept values at a sink without detectors too (the fast path needs it)", () => {
    const r = new SinkContext("collector", SLOTS, [], createHasher("k"));
    expect(r.keepText(CARD, 0)).toBe(CARD);
    expect(r.lastIn[0]).toBe(CARD);
  });

  it("remembers hashes, masks and truncations by their input", () => {
    const slots: FieldSlot[] = [
      { where: "span:s", key: "a", action: "hash" },
      { where: "span:s", key: "b", action: "mask" },
      { where: "span:s", key: "c", action: "truncate" },
    ];
    const r = new SinkContext("vendor", slots, [], createHasher("k"));
    const hashed = r.hashText("ana@shop.eu", 0);
    expect([r.lastIn[0], r.lastOut[0]]).toEqual(["ana@shop.eu", hashed]);
    expect(r.maskText("user-123456", 4, 1)).toBe("*******3456");
    expect(r.lastOut[1]).toBe("*******3456");
    expect(r.truncateText("SUMMER2026", 3, 2)).toBe("SUM");
    expect([r.lastIn[2], r.lastOut[2]]).toEqual(["SUMMER2026", "SUM"]);
  });
});

/**
 * The per-site "last value" cache the generated code's fast path reads (SinkContext.lastIn /
 * lastOut): a value is remembered only when no detector fired on it, so a repeated value with
 * a card number in it is scanned, redacted and counted again every time.
 */
import { describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { DetectionCache, SinkContext, createHasher, type FieldSlot } from "../../runtime/index.js";

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

describe("SinkContext's last-array cache", () => {
  const ARRAY_SLOTS: FieldSlot[] = [{ where: "span:s", key: "tags", action: "keep" }];
  const pan = () => new SinkContext("vendor", ARRAY_SLOTS, [{ class: "card", detector: "pan", action: { kind: "drop" } }], createHasher("k"));

  it("answers an array with the last clean array's elements without asking again, and returns the array given", () => {
    const r = pan();
    const first = ["sku-1", "sku-2"];
    expect(r.keep(first, 0)).toBe(first);
    const second = ["sku-1", "sku-2"];
    expect(r.keep(second, 0)).toBe(second);
    expect(r.stats().fields[0]!.count).toBe(2);
  });

  it("remembers a copy: an array changed in place after a clean span is scanned again", () => {
    const r = pan();
    const tags = ["sku-1", "sku-2"];
    expect(r.keep(tags, 0)).toBe(tags);
    tags[1] = "4111 1111 1111 1111";
    expect(r.keep(tags, 0)).toBeUndefined();
    expect(r.stats().detectors[0]!.hits).toBe(1);
  });

  it("does not remember an array a detector fired on: each repeat is redacted and counted", () => {
    const r = pan();
    expect(r.keep(["a", "4111 1111 1111 1111"], 0)).toBeUndefined();
    expect(r.keep(["a", "4111 1111 1111 1111"], 0)).toBeUndefined();
    expect(r.stats().detectors[0]!.hits).toBe(2);
  });
});

describe("one verdict per string for the sinks of a span", () => {
  it("gives each sink its own detectors' answer for the same string, counted at each", () => {
    const cache = new DetectionCache(["pan", "email"]);
    const hasher = createHasher("k");
    const eu = new SinkContext("eu", SLOTS, [{ class: "card", detector: "pan", action: { kind: "drop" } }], hasher, cache);
    const us = new SinkContext("us", SLOTS, [
      { class: "card", detector: "pan", action: { kind: "drop" } },
      { class: "contact", detector: "email", action: { kind: "hash" } },
    ], hasher, cache);
    const mail = "write to ana@shop.example";
    expect(eu.keepText(mail, 0)).toBe(mail);
    expect(us.keepText(mail, 0)).toBe(hasher.hash(mail));
    for (const r of [eu, us]) expect(r.keepText(CARD, 0)).toBeUndefined();
    expect(eu.keepText(mail, 0)).toBe(mail);
    expect(us.keepText(mail, 0)).toBe(hasher.hash(mail));
    expect(eu.stats().detectors.map((d) => d.hits)).toEqual([1]);
    expect(us.stats().detectors.map((d) => d.hits)).toEqual([1, 2]);
  });

  it("hashes the value asked for, whatever was hashed just before", () => {
    const hasher = createHasher("k");
    const hmac = (v: string) => `hmac-sha256:${createHmac("sha256", "k").update(v, "utf8").digest("hex")}`;
    for (const v of ["a", "a", "b", "a", "b", "b", ""]) expect(hasher.hash(v)).toBe(hmac(v));
  });
});

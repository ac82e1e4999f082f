import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createHasher } from "../../runtime/hash.js";
import { hmacSha256Hex, MAX_ONE_SHOT_LENGTH } from "../../runtime/hmac.js";

const reference = (key: Uint8Array, v: string) => createHmac("sha256", key).update(v, "utf8").digest("hex");

describe("hmacSha256Hex", () => {
  it("equals node:crypto's createHmac for any key and text (long keys, long texts, lone surrogates)", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        fc.array(fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 300 }), fc.string({ unit: "grapheme", maxLength: 120 })), { maxLength: 12 }),
        (key, values) => {
          const hmac = hmacSha256Hex(key);
          for (const v of values) expect(hmac(v)).toBe(reference(key, v));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("handles the edges of the scratch buffer and reuses it safely", () => {
    const key = new TextEncoder().encode("k");
    const hmac = hmacSha256Hex(key);
    const texts = ["", "a", "😀".repeat(MAX_ONE_SHOT_LENGTH / 2), "\uffff".repeat(MAX_ONE_SHOT_LENGTH), "\ud800".repeat(MAX_ONE_SHOT_LENGTH + 1), "x".repeat(5000)];
    for (const v of [...texts, ...texts.reverse()]) expect(hmac(v)).toBe(reference(key, v));
  });
});

describe("the hash memo", () => {
  it("gives the same answers whether values repeat or not (adaptive insertion)", () => {
    const hasher = createHasher("k2", 50);
    const key = new TextEncoder().encode("k2");
    // unique values (the memo stops inserting every miss), then a small repeated set, then both
    for (let i = 0; i < 5000; i++) expect(hasher.hash(`u-${i}`)).toBe(`hmac-sha256:${reference(key, `u-${i}`)}`);
    for (let i = 0; i < 5000; i++) expect(hasher.hash(`r-${i % 7}`)).toBe(`hmac-sha256:${reference(key, `r-${i % 7}`)}`);
    for (let i = 0; i < 5000; i++) {
      const v = i % 2 ? `u2-${i}` : `r-${i % 5}`;
      expect(hasher.hash(v)).toBe(`hmac-sha256:${reference(key, v)}`);
    }
  });
});

import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyAction, maskString, truncateString } from "../../runtime/actions.js";
import { createHasher } from "../../runtime/hash.js";

const hmac = (key: string, v: string) => `hmac-sha256:${createHmac("sha256", key).update(v, "utf8").digest("hex")}`;

describe("hash", () => {
  it("is HMAC-SHA256 with the key, memoised or not", () => {
    const hasher = createHasher("k1", 3);
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 300 }), { maxLength: 20 }), (values) => {
        for (const v of [...values, ...values]) expect(hasher.hash(v)).toBe(hmac("k1", v));
      }),
    );
  });

  it("depends on the key", () => {
    expect(createHasher("a").hash("alice@example.com")).not.toBe(createHasher("b").hash("alice@example.com"));
  });
});

describe("mask and truncate", () => {
  it("mask keeps the last N characters", () => {
    expect(maskString("user-123456", 4)).toBe("*******3456");
    expect(maskString("abc", 4)).toBe("abc");
    expect(maskString("abc", 0)).toBe("***");
    expect(maskString("a😀b😀", 2)).toBe("**b😀");
  });

  it("truncate keeps the first N characters without splitting a surrogate pair", () => {
    expect(truncateString("SUMMER2026", 3)).toBe("SUM");
    expect(truncateString("😀😀😀", 2)).toBe("😀😀");
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-composite" }), fc.nat(20), (s, n) => {
        const t = truncateString(s, n);
        expect(s.startsWith(t)).toBe(true);
        expect(Array.from(t).length).toBe(Math.min(n, Array.from(s).length));
      }),
    );
  });
});

describe("applyAction", () => {
  const hasher = createHasher("k");
  it("applies element-wise to arrays and stringifies scalars", () => {
    expect(applyAction({ kind: "hash" }, 42, hasher)).toBe(hmac("k", "42"));
    expect(applyAction({ kind: "mask", keepLast: 1 }, ["ab", "cd"], hasher)).toEqual(["*b", "*d"]);
    expect(applyAction({ kind: "replace", with: "<r>" }, true, hasher)).toBe("<r>");
    expect(applyAction({ kind: "drop" }, "x", hasher)).toBeUndefined();
    expect(applyAction({ kind: "keep" }, "x", hasher)).toBe("x");
  });
});

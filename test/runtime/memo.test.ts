import { describe, expect, it, vi } from "vitest";
import { BoundedMemo } from "../../runtime/memo.js";

function counted(generationSize: number) {
  const computed: string[] = [];
  const memo = new BoundedMemo(generationSize, (key: string) => {
    computed.push(key);
    return `v:${key}`;
  });
  return { memo, computed };
}

describe("BoundedMemo", () => {
  it("answers compute(key) and computes a repeated key once while it stays young", () => {
    const { memo, computed } = counted(100);
    for (let i = 0; i < 1000; i++) expect(memo.get(`k${i % 10}`)).toBe(`v:k${i % 10}`);
    expect(computed.length).toBe(10);
  });

  it("stays bounded: a key pushed out by two generations is computed again", () => {
    const { memo, computed } = counted(10);
    memo.get("first");
    for (let i = 0; i < 25; i++) memo.get(`filler${i}`);
    memo.get("first");
    expect(computed.filter((k) => k === "first").length).toBe(2);
  });

  it("after a stream of unique keys, a repeated key still gets in within a few dozen lookups", () => {
    const { memo, computed } = counted(5000);
    for (let i = 0; i < 10_000; i++) memo.get(`unique${i}`);
    const before = computed.length;
    for (let i = 0; i < 5_000; i++) expect(memo.get(`hot${i % 3}`)).toBe(`v:hot${i % 3}`);
    const recomputed = computed.length - before;
    expect(recomputed).toBeGreaterThanOrEqual(3);
    expect(recomputed).toBeLessThan(200);
  });
});

describe("BoundedMemo's work on values that never repeat", () => {
  it("looks up one value in sixteen while its hit rate is low, and every value again once one recurs", () => {
    const { memo, computed } = counted(5000);
    for (let i = 0; i < 5_000; i++) memo.get(`warm${i}`); // hit rate 0: sampling from here on
    const get = vi.spyOn(Map.prototype, "get");
    try {
      for (let i = 0; i < 16_000; i++) memo.get(`new${i}`);
      // a sampled miss probes the young generation only: 16,000 / 16 map lookups, not 32,000
      expect(get.mock.calls.length).toBeLessThanOrEqual(1_000);
      get.mockClear();
      for (let i = 0; i < 2_000; i++) memo.get(`hot${i % 4}`);
      // a sampled lookup of a hot key hits within a few dozen values; then every value is looked up
      expect(get.mock.calls.length).toBeGreaterThan(1_800);
    } finally {
      get.mockRestore();
    }
    expect(computed.filter((k) => k.startsWith("hot")).length).toBeLessThan(200);
  });

  it("samples every field of an interleaved stream: a recurring one beside an always-new one is found (either order)", () => {
    // one memo serves every field of a span: two hashed fields a span, one new each time, one recurring
    for (const hotFirst of [false, true]) {
      const { memo, computed } = counted(5000);
      for (let i = 0; i < 5_000; i++) memo.get(`warm${i}`); // hit rate 0: sampling from here on
      for (let i = 0; i < 2_000; i++) {
        const pair = [`new${i}@mail.example`, `hot${i % 4}`];
        for (const key of hotFirst ? pair.reverse() : pair) memo.get(key);
      }
      // the recurring field was looked up, hit, and the memo answered it from then on
      expect(computed.filter((k) => k.startsWith("hot")).length).toBeLessThan(200);
    }
  });
});

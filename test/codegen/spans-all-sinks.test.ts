/**
 * The generated all-sinks span function (compiler/codegen/spans-all-sinks.ts) against its
 * oracle, the per-sink span functions of the same contract (the module generated with
 * `allSinksSpans: false`, as earlier versions wrote it): for random attribute sets (declared
 * keys with right and wrong types, undeclared keys, keys that exist on Object.prototype,
 * recurring values, card numbers and e-mails), every sink's attributes are equal, and so is
 * every counter, span after span — through the one-pass function for all sinks, and through
 * it for ONE sink (runtime/one-sink-span.ts: a service started with exporters for only some
 * of its sinks). A second contract declares keys named like Object.prototype's members and
 * has a sink that may receive none of them; its spans also carry an undeclared `__proto__` key.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { AttributeValue, Attributes } from "@opentelemetry/api";
import { createHasher, DetectionCache, fieldSlots, SinkContext, type ServicePlan } from "../../runtime/index.js";
import { scratchContext, spanRedactorsFor } from "../../runtime/one-sink-span.js";
import { SpanMemo, spanMemoFor } from "../../runtime/span-memo.js";
import type { GenerateOptions } from "../../compiler/codegen/index.js";
import { generateFixture, removeGenerated } from "./support.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await removeGenerated(dir);
});

/** The service's plan, exported from a copy of its generated module (the module keeps it private). */
async function planOf(fixture: string, service: string, options: GenerateOptions = {}): Promise<ServicePlan> {
  const generated = await generateFixture(fixture, new Map(), options);
  dirs.push(generated.dir);
  const text = await readFile(join(generated.dir, `${service}.src.ts`), "utf8");
  const file = join(generated.dir, `${service}.plan.ts`);
  await writeFile(file, `${text}\nexport { PLAN as __PLAN };\n`);
  return ((await import(file)) as { __PLAN: ServicePlan }).__PLAN;
}

const RECURRING = ["GET", "4111 1111 1111 1111", "ana@shop.eu", "paid 4012-8888-8888-1881 for bo@x.org", "user-1234567", "SUMMER2026"];
const value: fc.Arbitrary<AttributeValue> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...RECURRING) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...RECURRING, "x"), { maxLength: 3 }) },
  // arrays with empty elements, and with an element of no attribute type (a wrong type for every array field)
  { weight: 1, arbitrary: fc.array(fc.constantFrom<unknown>("x", null, undefined, 7, { card: "4111 1111 1111 1111" }), { maxLength: 3 }) as fc.Arbitrary<AttributeValue> },
);

function attributesOf(keys: readonly string[]): fc.Arbitrary<Attributes> {
  return fc.subarray([...keys]).chain((present) =>
    fc.tuple(...present.map((k) => value.map((v) => [k, v] as const))).map((entries) => {
      const a: Attributes = {};
      // own data properties even for "__proto__"
      for (const [k, v] of entries) Object.defineProperty(a, k, { value: v, enumerable: true, writable: true, configurable: true });
      return a;
    }),
  );
}

/** The module's plan and the oracle's: the same contract without the all-sinks function. */
async function plansOf(fixture: string, service: string): Promise<{ plan: ServicePlan; oracle: ServicePlan }> {
  const plan = await planOf(fixture, service);
  const oracle = await planOf(fixture, service, { allSinksSpans: false });
  expect(oracle.spans).toBeUndefined();
  return { plan, oracle };
}

/** A copy as the SDK makes one span after another: a new object, new arrays, the same values. */
function copyOf(attributes: Attributes): Attributes {
  const copy: Attributes = {};
  for (const key of Object.keys(attributes)) {
    const v = attributes[key];
    Object.defineProperty(copy, key, { value: Array.isArray(v) ? [...v] : v, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/**
 * Spans in runs of the same values (each run 1–5 spans, new objects and arrays each time), as
 * recurring values arrive: the whole-span memo (runtime/span-memo.ts) remembers a run's values
 * on its second span and answers the rest.
 */
function recurring(spanNames: readonly string[], keys: readonly string[]) {
  return fc
    .array(fc.record({ name: fc.constantFrom(...spanNames), attributes: attributesOf(keys), times: fc.integer({ min: 1, max: 5 }) }), { minLength: 8, maxLength: 16 })
    .map((runs) => runs.flatMap(({ name, attributes, times }) => Array.from({ length: times }, () => ({ name, attributes: copyOf(attributes) }))));
}

/**
 * Run the oracle's per-sink functions and the tested path over the same spans with fresh
 * contexts each; compare attributes and counters. `path` "all": the one-pass function for every
 * sink; "one": each sink's span redaction when only that sink has a trace exporter; "memo": the
 * one-pass function with the runtime's whole-span memo, over runs of recurring spans whose
 * arrays the application changes after every other span (the memo must have kept its own copy).
 */
function assertSamePaths(
  plan: ServicePlan,
  oraclePlan: ServicePlan,
  path: "all" | "one" | "memo",
  spanNames: readonly string[],
  keys: readonly string[],
  numRuns: number,
  answered = { byMemo: 0 },
  spansOf: fc.Arbitrary<{ name: string; attributes: Attributes }[]> = path === "memo" ? recurring(spanNames, keys) : fc.array(fc.record({ name: fc.constantFrom(...spanNames), attributes: attributesOf(keys) }), { minLength: 20, maxLength: 40 }),
): number {
  const spans = plan.spans!;
  expect(spans.replacesSinkSpans).toBe(true);
  const sinks = spans.sinks.map((name) => plan.sinks.find((s) => s.name === name)!);
  const oracleSinks = spans.sinks.map((name) => oraclePlan.sinks.find((s) => s.name === name)!);
  let compared = 0;
  fc.assert(
    fc.property(spansOf, fc.boolean(), (batch, shareVerdicts) => {
      const hasher = createHasher("k");
      const context = (s: ServicePlan["sinks"][number]) => new SinkContext(s.name, fieldSlots(s.slots), s.detectors, hasher);
      const oracle = oracleSinks.map(context);
      // the tested sinks' detector verdicts shared as createTelemetry shares them (the all-sinks
      // pass then asks the detectors once per field for every sink: runtime/span-pass.ts), or each its own
      const cache = new DetectionCache(plan.sinks.flatMap((s) => s.detectors.map((d) => d.detector)));
      const tested = sinks.map((s) => (shareVerdicts ? new SinkContext(s.name, fieldSlots(s.slots), s.detectors, hasher, cache) : context(s)));
      const alone = sinks.map((sink) => spanRedactorsFor(plan, new Set([sink.name]), sink, scratchContext).span);
      const memo = path === "memo" ? spanMemoFor(spans, sinks.map((sink) => fieldSlots(sink.slots))) : undefined;
      if (memo !== undefined) vi.spyOn(memo, "repeat").mockImplementation(function (this: SpanMemo, ...args) {
        answered.byMemo++;
        return SpanMemo.prototype.repeat.apply(this, args);
      });
      if (path === "memo") expect(memo).toBeDefined();
      for (const [index, { name, attributes }] of batch.entries()) {
        const out: Attributes[] = [];
        const declared = path !== "one" ? spans.span(name, attributes, tested, out, memo) : false;
        if (path !== "one") expect(declared).toBe(fieldSlots(plan.sinks[0]!.slots).some((slot) => slot.where === `span:${name}`));
        sinks.forEach((sink, i) => {
          const expected = oracleSinks[i]!.redact.span(name, attributes, oracle[i]!);
          const actual = path === "one" ? alone[i]!(name, attributes, tested[i]!) : declared ? out[i]! : sink.redact.span(name, attributes, tested[i]!);
          expect(Object.entries(actual)).toEqual(Object.entries(expected));
          expect(Object.getPrototypeOf(actual)).toBe(Object.prototype);
          compared++;
        });
        // the application reuses its arrays for something else once the span has ended (every
        // other span: a candidate whose arrays changed is not remembered, nothing would be)
        if (path === "memo" && index % 2 === 1) for (const v of Object.values(attributes)) if (Array.isArray(v)) (v as string[]).splice(0, v.length, "4111 1111 1111 1111");
      }
      sinks.forEach((_, i) => expect(tested[i]!.stats()).toEqual(oracle[i]!.stats()));
    }),
    { numRuns },
  );
  return compared;
}

describe("the all-sinks span function", () => {
  it("gives every sink exactly what its per-sink function gives, and counts the same (basic fixture)", async () => {
    const { plan, oracle } = await plansOf("basic", "checkout");
    expect(plan.spans?.sinks).toEqual(["eu-collector", "vendor-apm"]);
    const keys = ["order.id", "user.email", "user.id", "payment.card_number", "cart.total", "cart.items", "promo.code", "shipping.note", "tags", "gift", "extra.key", "constructor"];
    const compared = assertSamePaths(plan, oracle, "all", ["checkout.place_order", "other.operation"], keys, 400);
    expect(compared).toBeGreaterThan(10_000);
  });

  it("does the same for keys named like Object.prototype's and a sink that drops everything", async () => {
    const { plan, oracle } = await plansOf("prototype-keys", "svc");
    expect(plan.spans?.sinks).toEqual(["eu", "us", "nowhere"]);
    assertSamePaths(plan, oracle, "all", ["op"], ["constructor", "toString", "valueOf", "plain", "n", "__proto__", "undeclared"], 300);
  });

  it("gives recurring spans, through the whole-span memo, what a pass gives them, and counts the same", async () => {
    const basic = await plansOf("basic", "checkout");
    const keys = ["order.id", "user.email", "user.id", "payment.card_number", "cart.total", "cart.items", "promo.code", "shipping.note", "tags", "gift", "extra.key", "constructor"];
    const answered = { byMemo: 0 };
    expect(assertSamePaths(basic.plan, basic.oracle, "memo", ["checkout.place_order", "other.operation"], keys, 300, answered)).toBeGreaterThan(5_000);
    // the memo answered a share of the spans (the third and later of a run of clean values)
    expect(answered.byMemo).toBeGreaterThan(150);
    const prototypeKeys = await plansOf("prototype-keys", "svc");
    answered.byMemo = 0;
    assertSamePaths(prototypeKeys.plan, prototypeKeys.oracle, "memo", ["op"], ["constructor", "toString", "valueOf", "plain", "n", "__proto__", "undeclared"], 200, answered);
    expect(answered.byMemo).toBeGreaterThan(150);
  });

  it("keeps its own copy of a remembered span's arrays: the application may change them after the span ended", async () => {
    const { plan, oracle } = await plansOf("basic", "checkout");
    // clean values of the declared types, so that the span is remembered; its arrays are changed after each span
    const clean = fc.record({ "order.id": fc.constantFrom("o-1", "o-2"), gift: fc.boolean(), tags: fc.array(fc.constantFrom("GET", "x", "SUMMER2026"), { maxLength: 3 }), "cart.items": fc.integer({ min: 0, max: 3 }) });
    const runs = fc.array(fc.tuple(clean, fc.integer({ min: 3, max: 5 })), { minLength: 2, maxLength: 6 });
    const spans = runs.map((list) => list.flatMap(([attributes, times]) => Array.from({ length: times }, () => ({ name: "checkout.place_order", attributes: copyOf(attributes) }))));
    const answered = { byMemo: 0 };
    assertSamePaths(plan, oracle, "memo", ["checkout.place_order"], [], 100, answered, spans);
    expect(answered.byMemo).toBeGreaterThan(100);
  });

  it("asks for a pass's values less often while they are all new, and remembers recurring ones again soon after", async () => {
    const { plan, oracle } = await plansOf("basic", "checkout");
    const span = (i: number) => ({ name: "checkout.place_order", attributes: { "order.id": `o-${i}`, "cart.items": 2 } });
    // 200 spans of new values (the memo backs off), then 60 of one set of values
    const batch = [...Array.from({ length: 200 }, (_, i) => span(i)), ...Array.from({ length: 60 }, () => span(-1))];
    const answered = { byMemo: 0 };
    const wants = vi.spyOn(SpanMemo.prototype, "wants");
    assertSamePaths(plan, oracle, "memo", ["checkout.place_order"], [], 1, answered, fc.constant(batch.map((s) => ({ ...s, attributes: copyOf(s.attributes) }))));
    const offered = wants.mock.results.filter((r) => r.value === true).length;
    wants.mockRestore();
    // the new values were offered rarely: a doubling back-off up to every 9th pass
    expect(offered).toBeLessThan(60);
    // the recurring ones were remembered within two back-offs (the first offer meets an old candidate), and answered the rest
    expect(answered.byMemo).toBeGreaterThanOrEqual(60 - 2 * 9 - 2);
  });

  it("answers from the memo only for the very same numbers (0 is not -0; NaN is never the same)", async () => {
    const { plan, oracle } = await plansOf("basic", "checkout");
    const span = (total: number, items: number) => ({ name: "checkout.place_order", attributes: { "order.id": "o-1", "cart.total": total, "cart.items": items } });
    const batch = [0, 0, 0, -0, -0, -0, 0, NaN, NaN, NaN, 1.5, 1.5, 1.5].map((total, i) => span(total, i < 7 ? (i % 2 === 0 ? 0 : -0) : 2));
    const sameItems = [0, 0, 0, 0, 0, -0, -0, -0, 0, 0, 0].map((items) => span(2.5, items));
    const answered = { byMemo: 0 };
    assertSamePaths(plan, oracle, "memo", ["checkout.place_order"], [], 1, answered, fc.constant(batch.map((s) => ({ ...s, attributes: copyOf(s.attributes) }))));
    assertSamePaths(plan, oracle, "memo", ["checkout.place_order"], [], 1, answered, fc.constant(sameItems.map((s) => ({ ...s, attributes: copyOf(s.attributes) }))));
    expect(answered.byMemo).toBeGreaterThan(0);
  });

  it("redacts for one sink alone as its per-sink function would (a service started with only some trace exporters)", async () => {
    const basic = await plansOf("basic", "checkout");
    const keys = ["order.id", "user.email", "user.id", "payment.card_number", "cart.total", "tags", "extra.key", "constructor"];
    expect(assertSamePaths(basic.plan, basic.oracle, "one", ["checkout.place_order", "other.operation"], keys, 150)).toBeGreaterThan(3_000);
    // recurring spans too (the one-sink redaction has a memo of its own: its context and the scratch ones)
    assertSamePaths(basic.plan, basic.oracle, "one", ["checkout.place_order", "other.operation"], keys, 100, undefined, recurring(["checkout.place_order", "other.operation"], keys));
    const prototypeKeys = await plansOf("prototype-keys", "svc");
    assertSamePaths(prototypeKeys.plan, prototypeKeys.oracle, "one", ["op"], ["constructor", "toString", "plain", "__proto__", "undeclared"], 100);
  });

  it("replaces the per-sink span functions of the names it covers", async () => {
    const { plan } = await plansOf("basic", "checkout");
    const hasher = createHasher("k");
    for (const sink of plan.sinks) {
      const r = new SinkContext(sink.name, fieldSlots(sink.slots), sink.detectors, hasher);
      // a declared name is undeclared for the per-sink dispatcher: nothing of it leaves that way
      expect(sink.redact.span("checkout.place_order", { "order.id": "o-1" }, r)).toEqual({});
    }
  });

  it("is not written when a sink keeps undeclared keys, or only one sink receives traces", async () => {
    expect((await planOf("hostile", "hostile")).spans).toBeUndefined();
    expect((await planOf("prototype-keys", "keeper")).spans).toBeUndefined();
  });
});

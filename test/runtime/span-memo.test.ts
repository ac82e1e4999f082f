/**
 * The whole-span memo (runtime/span-memo.ts) through createTelemetry, the real SDK and the
 * module generated from test/fixtures/codegen/basic: spans that repeat their values reach each
 * sink with the attributes a pass gives them (the first such span's, shared and frozen), the
 * counters count every span as a pass would (the memo's counts are added when stats are
 * read), and a span that differs is redacted afresh.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttributeValue } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { generateFixture, removeGenerated } from "../codegen/support.js";

let dir: string | undefined;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let mod: any;

beforeAll(async () => {
  const generated = await generateFixture("basic");
  dir = generated.dir;
  mod = await import(join(generated.dir, "checkout.src.ts"));
});

afterAll(async () => {
  await removeGenerated(dir);
});

const CLEAN = { "order.id": "o-1", "user.email": "alice@example.com", "user.id": "user-123456", "cart.total": 12.5, "cart.items": 3, tags: ["blue", "gift"], gift: true };

describe("the whole-span memo", () => {
  it("gives recurring spans what a pass gives them and counts every one of them", async () => {
    const eu = new InMemorySpanExporter();
    const vendor = new InMemorySpanExporter();
    const telemetry = mod.createTelemetry({ hashKey: "k", exporters: { traces: { "eu-collector": eu, "vendor-apm": vendor } }, assertRegion: { "eu-collector": "eu-west-1", "vendor-apm": "us-east-1" } });
    const tracer = new BasicTracerProvider({ spanProcessors: telemetry.spanProcessors }).getTracer("t");
    const send = (attributes: Record<string, AttributeValue>, extra?: Record<string, AttributeValue>) => {
      const span = tracer.startSpan("checkout.place_order");
      // a new object and new arrays each time, as an application sets them
      for (const [key, value] of Object.entries(attributes)) span.setAttribute(key, (Array.isArray(value) ? [...value] : value) as AttributeValue);
      for (const [key, value] of Object.entries(extra ?? {})) span.setAttribute(key, value);
      span.end();
    };
    for (let i = 0; i < 6; i++) send(CLEAN);
    send(CLEAN, { "x.undeclared": "u" });
    send({ ...CLEAN, "order.id": "o-2" });
    send({ ...CLEAN, "order.id": "o-2" });
    // remembered again; the last one's counts wait in the memo until the stats are read
    for (let i = 0; i < 3; i++) send(CLEAN);
    await telemetry.forceFlush();

    for (const exporter of [eu, vendor]) {
      const spans = exporter.getFinishedSpans();
      expect(spans).toHaveLength(12);
      const first = spans[0]!.attributes;
      // recurring spans: the same attributes as the first (the memo's are frozen and shared)
      for (const span of spans.slice(1, 7)) expect(span.attributes).toEqual(first);
      expect(spans.slice(2, 7).every((s) => Object.isFrozen(s.attributes) && s.attributes === spans[2]!.attributes)).toBe(true);
      expect(spans[7]!.attributes["order.id"]).not.toEqual(first["order.id"]);
      expect(spans[8]!.attributes).toEqual(spans[7]!.attributes);
      for (const span of spans.slice(9)) expect(span.attributes).toEqual(first);
      expect(Object.isFrozen(spans[11]!.attributes)).toBe(true);
      expect(Object.keys(spans[6]!.attributes)).not.toContain("x.undeclared");
    }
    const vendorStats = telemetry.stats.sink("vendor-apm");
    const field = (key: string) => vendorStats.fields.find((f: { where: string; key: string }) => f.where === "span:checkout.place_order" && f.key === key);
    expect(field("user.email")).toMatchObject({ action: "hash", count: 12 });
    expect(field("tags")).toMatchObject({ count: 12 });
    expect(field("payment.card_number")).toMatchObject({ count: 0 });
    expect(field("*")).toMatchObject({ count: 1 });
    // read twice: the memo's counts are added once
    expect(telemetry.stats.sink("vendor-apm").fields).toEqual(vendorStats.fields);
    await telemetry.shutdown();
  });
});

/**
 * Faults: an inner exporter that throws, rejects, hangs or answers FAILED, and a redaction
 * that fails. The application never sees an exception from span.end(), flush always settles,
 * failures are counted, the healthy sink keeps working, and nothing unredacted is exported.
 */
import { describe, expect, it } from "vitest";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { createTelemetryFromPlan } from "../../runtime/telemetry.js";
import type { FieldStats } from "../../runtime/sink-context.js";
import type { ServicePlan } from "../../runtime/redactors.js";
import { useGeneratedModule } from "../codegen/support.js";

/** The basic fixture's generated checkout module. */
const mod = useGeneratedModule("basic", "checkout");

const faulty: Record<string, () => SpanExporter> = {
  throws: () => ({ export: () => { throw new Error("boom"); }, shutdown: async () => { throw new Error("boom"); } }),
  rejects: () => ({ export: (async () => { throw new Error("async boom"); }) as unknown as SpanExporter["export"], shutdown: () => Promise.reject(new Error("x")) }),
  hangs: () => ({ export: () => undefined, shutdown: () => new Promise<void>(() => undefined), forceFlush: () => new Promise<void>(() => undefined) }),
  "answers FAILED": () => ({
    export: (_: ReadableSpan[], cb: (r: ExportResult) => void) => cb({ code: ExportResultCode.FAILED, error: new Error("503") }),
    shutdown: async () => undefined,
  }),
};

describe.each(Object.keys(faulty))("an inner exporter that %s", (kind) => {
  it("never reaches the application, and the other sink still gets redacted spans", async () => {
    const healthy = new InMemorySpanExporter();
    const telemetry = mod().createTelemetry({
      hashKey: "k",
      exporters: { traces: { "eu-collector": faulty[kind]!(), "vendor-apm": healthy } },
      assertRegion: { "eu-collector": "eu-west-1", "vendor-apm": "us-east-1" },
      exportTimeoutMillis: 200,
      spanBatch: { exportTimeoutMillis: 1_000 },
    });
    const provider = new BasicTracerProvider({ spanProcessors: telemetry.spanProcessors });
    const tracer = provider.getTracer("t");
    for (let i = 0; i < 5; i++) {
      const span = mod().startSpan(tracer, "checkout.place_order", { "order.id": `o-${i}`, "user.email": "alice@example.com" });
      expect(() => span.end()).not.toThrow();
    }
    await expect(telemetry.forceFlush()).resolves.toBeUndefined();
    const spans = healthy.getFinishedSpans(); // (the in-memory exporter forgets on shutdown)
    await expect(telemetry.shutdown()).resolves.toBeUndefined();
    const eu = telemetry.stats.sink("eu-collector");
    expect(eu.exportFailures).toBeGreaterThanOrEqual(1);
    expect(eu.exported.spans).toBe(0);
    expect(spans).toHaveLength(5);
    for (const s of spans) expect(String(s.attributes["user.email"])).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
  });
});

describe("a redaction that fails", () => {
  it("drops the span for that sink (fail closed), counts it, and exports the rest", async () => {
    const captured = new InMemorySpanExporter();
    const plan: ServicePlan = {
      service: "svc",
      digest: "sha256:00",
      hashes: false,
      sinks: [
        {
          name: "s",
          region: "r",
          endpoint: "http://x:1",
          signals: ["traces"],
          undeclared: "drop",
          slots: [],
          detectors: [],
          redact: {
            span: (name, a) => {
              if (name === "poison") throw new Error("redactor bug");
              return { ok: String(a.ok) };
            },
            event: () => ({}),
            log: () => ({}),
            metric: () => ({}),
            resource: () => ({}),
          },
        },
      ],
    };
    const telemetry = createTelemetryFromPlan(plan, { exporters: { traces: { s: captured } }, assertRegion: { s: "r" } });
    const provider = new BasicTracerProvider({ spanProcessors: telemetry.spanProcessors });
    const tracer = provider.getTracer("t");
    tracer.startSpan("poison", { attributes: { ok: "secret-raw" } }).end();
    tracer.startSpan("fine", { attributes: { ok: "yes", other: "raw" } }).end();
    await telemetry.forceFlush();
    const spans = captured.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(["fine"]);
    expect(spans[0]!.attributes).toEqual({ ok: "yes" });
    expect(telemetry.stats.sink("s")!.droppedOnError).toBe(1);
    await telemetry.shutdown();
  });
});

/** Exporters that answer in every way an exporter can get its callback wrong. */
const callbackShapes: Record<string, (spans: ReadableSpan[], cb: (r: ExportResult) => void) => void> = {
  "calls back with no result": (_, cb) => (cb as () => void)(),
  "calls back with null": (_, cb) => (cb as unknown as (r: null) => void)(null),
  "calls back with a result that has no code": (_, cb) => (cb as (r: object) => void)({}),
  "calls back twice (SUCCESS then FAILED)": (_, cb) => {
    cb({ code: ExportResultCode.SUCCESS });
    cb({ code: ExportResultCode.FAILED });
  },
  "throws before calling back": () => {
    throw new Error("boom");
  },
  "calls back SUCCESS, then throws": (_, cb) => {
    cb({ code: ExportResultCode.SUCCESS });
    throw new Error("late boom");
  },
};

describe.each(Object.keys(callbackShapes))("an inner exporter that %s", (shape) => {
  it("never stalls its sink: every batch gets an export call, and the answer is counted", async () => {
    let calls = 0;
    const exporter: SpanExporter = {
      export: (spans, cb) => {
        calls++;
        callbackShapes[shape]!(spans, cb);
      },
      shutdown: async () => undefined,
    };
    const healthy = new InMemorySpanExporter();
    const telemetry = mod().createTelemetry({
      hashKey: "k",
      exporters: { traces: { "eu-collector": exporter, "vendor-apm": healthy } },
      assertRegion: { "eu-collector": "eu-west-1", "vendor-apm": "us-east-1" },
      exportTimeoutMillis: 60_000, // no timer may rescue the lane: it must move on the answer it got
    });
    const provider = new BasicTracerProvider({ spanProcessors: telemetry.spanProcessors });
    const tracer = provider.getTracer("t");
    for (let batch = 0; batch < 3; batch++) {
      mod().startSpan(tracer, "checkout.place_order", { "order.id": `o-${batch}` }).end();
      await telemetry.forceFlush();
    }
    expect(calls).toBe(3);
    const eu = telemetry.stats.sink("eu-collector")!;
    const succeeds = shape.startsWith("calls back twice") || shape.startsWith("calls back SUCCESS");
    expect(eu.exported.spans).toBe(succeeds ? 3 : 0);
    expect(eu.exportFailures).toBe(succeeds ? 0 : 3);
    expect(healthy.getFinishedSpans()).toHaveLength(3);
    await telemetry.shutdown();
  });
});

describe("the shared batch queue", () => {
  it("counts the spans it had no room for in every sink's droppedOnBacklog", async () => {
    const eu = new InMemorySpanExporter();
    const vendor = new InMemorySpanExporter();
    const telemetry = mod().createTelemetry({
      hashKey: "k",
      exporters: { traces: { "eu-collector": eu, "vendor-apm": vendor } },
      assertRegion: { "eu-collector": "eu-west-1", "vendor-apm": "us-east-1" },
      spanBatch: { maxQueueSize: 10, maxExportBatchSize: 10, scheduledDelayMillis: 60_000 },
    });
    const provider = new BasicTracerProvider({ spanProcessors: telemetry.spanProcessors });
    const tracer = provider.getTracer("t");
    // the queue exports a full batch at once; a burst in one tick can still overrun it
    for (let i = 0; i < 25; i++) mod().startSpan(tracer, "checkout.place_order", { "order.id": `o-${i}` }).end();
    await telemetry.forceFlush();
    const delivered = eu.getFinishedSpans().length;
    for (const sink of ["eu-collector", "vendor-apm"]) {
      const stats = telemetry.stats.sink(sink)!;
      expect(stats.droppedOnBacklog, sink).toBeGreaterThan(0);
      expect(stats.exported.spans + stats.droppedOnBacklog, sink).toBe(25);
    }
    expect(vendor.getFinishedSpans()).toHaveLength(delivered);
    await telemetry.shutdown();
  });
});

describe("array fields", () => {
  it("take only arrays of their element type: others are dropped and counted as wrongType", async () => {
    const eu = new InMemorySpanExporter();
    const telemetry = mod().createTelemetry({ hashKey: "k", exporters: { traces: { "eu-collector": eu } }, assertRegion: { "eu-collector": "eu-west-1" } });
    const provider = new BasicTracerProvider({ spanProcessors: telemetry.spanProcessors });
    const tracer = provider.getTracer("t");
    // (a mixed array such as ["a", 1] never gets here: the SDK itself refuses it)
    const values: unknown[] = [["a", "b"], [1, 2], [true], [], ["a", null]];
    for (const tags of values) tracer.startSpan("checkout.place_order", { attributes: { "order.id": "o", tags: tags as string[] } }).end();
    await telemetry.forceFlush();
    expect(eu.getFinishedSpans().map((s) => s.attributes.tags)).toEqual([["a", "b"], undefined, undefined, [], ["a", null]]);
    const slot = telemetry.stats.sink("eu-collector")!.fields.find((f: FieldStats) => f.where === "span:checkout.place_order" && f.key === "tags")!;
    expect(slot.wrongType).toBe(2);
    expect(slot.count).toBe(3);
    await telemetry.shutdown();
  });
});

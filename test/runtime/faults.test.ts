/**
 * Faults: an inner exporter that throws, rejects, hangs or answers FAILED, and a redaction
 * that fails. The application never sees an exception from span.end(), flush always settles,
 * failures are counted, the healthy sink keeps working, and nothing unredacted is exported.
 */
import { describe, expect, it } from "vitest";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { createTelemetryFromPlan } from "../../runtime/telemetry.js";
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

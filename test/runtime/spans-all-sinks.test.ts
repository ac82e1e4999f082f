/**
 * How createTelemetry uses a plan's all-sinks span function (runtime/spans-all-sinks.ts): only
 * when every sink it covers has an exporter (whatever order the exporters are given in), each
 * sink getting its own output; per-sink functions for span names it does not declare and for
 * a service started with only some of its sinks (unless the function replaces the per-sink
 * span functions: then it runs for that sink alone); a pass that throws drops the span at every
 * sink and counts it there.
 */
import { describe, expect, it } from "vitest";
import type { Attributes } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { SpanCopier } from "../../runtime/copy-span.js";
import { createTelemetryFromPlan, type ServicePlan, type SinkPlan } from "../../runtime/index.js";
import type { SinkContext } from "../../runtime/sink-context.js";
import { tracesSinkPlan } from "./traces-sink-plan.js";

function sink(name: string): SinkPlan {
  return tracesSinkPlan(name, (spanName, a) => ({ via: `per-sink ${name}`, span: spanName, ok: String(a.ok) }));
}

function planWithAllSinks(calls: string[]): ServicePlan {
  return {
    service: "svc",
    digest: "sha256:00",
    hashes: false,
    sinks: [sink("s"), sink("t")],
    spans: {
      sinks: ["s", "t"],
      span(spanName: string, a: Attributes, contexts, out: Attributes[]) {
        calls.push(spanName);
        if (spanName === "poison") throw new Error("generated code bug");
        if (spanName !== "declared") return false;
        out[0] = { via: `all-sinks ${contexts[0]!.sink}`, ok: String(a.ok) };
        out[1] = { via: `all-sinks ${contexts[1]!.sink}`, ok: String(a.ok) };
        return true;
      },
    },
  };
}

async function run(plan: ServicePlan, exporters: Record<string, InMemorySpanExporter>, names: string[]) {
  const telemetry = createTelemetryFromPlan(plan, { exporters: { traces: exporters }, assertRegion: { s: "r", t: "r" } });
  expect(telemetry.spanProcessors).toHaveLength(1);
  const tracer = new BasicTracerProvider({ spanProcessors: telemetry.spanProcessors }).getTracer("t");
  for (const name of names) tracer.startSpan(name, { attributes: { ok: "yes" } }).end();
  await telemetry.forceFlush();
  const received = Object.fromEntries(Object.entries(exporters).map(([n, e]) => [n, e.getFinishedSpans().map((s) => s.attributes.via)]));
  return { telemetry, received };
}

describe("createTelemetry and the all-sinks span function", () => {
  it("redacts declared spans for every sink in one pass, each sink its own output, whatever the exporters' order", async () => {
    const calls: string[] = [];
    const s = new InMemorySpanExporter();
    const t = new InMemorySpanExporter();
    const { received } = await run(planWithAllSinks(calls), { t, s }, ["declared", "other"]);
    expect(calls).toEqual(["declared", "other"]);
    expect(received).toEqual({ t: ["all-sinks t", "per-sink t"], s: ["all-sinks s", "per-sink s"] });
  });

  it("is not used when the service starts with exporters for only some of its sinks", async () => {
    const calls: string[] = [];
    const s = new InMemorySpanExporter();
    const { received } = await run(planWithAllSinks(calls), { s }, ["declared"]);
    expect(calls).toEqual([]);
    expect(received).toEqual({ s: ["per-sink s"] });
  });

  it("redacts one sink through it, with a throw-away context for the other, when it replaces the sinks' span functions", async () => {
    const calls: string[] = [];
    const plan = planWithAllSinks(calls);
    const replacing: ServicePlan = { ...plan, spans: { ...plan.spans!, replacesSinkSpans: true } };
    const t = new InMemorySpanExporter();
    const { telemetry, received } = await run(replacing, { t }, ["declared", "other"]);
    expect(calls).toEqual(["declared", "other"]);
    expect(received).toEqual({ t: ["all-sinks t", "per-sink t"] });
    // the sink without an exporter is not reported
    expect(telemetry.stats.snapshot().map((s) => s.sink)).toEqual(["t"]);
  });

  it("drops a span whose pass throws at every sink, counts it there, and goes on", async () => {
    const s = new InMemorySpanExporter();
    const t = new InMemorySpanExporter();
    const { telemetry, received } = await run(planWithAllSinks([]), { s, t }, ["poison", "declared"]);
    expect(received).toEqual({ s: ["all-sinks s"], t: ["all-sinks t"] });
    expect(telemetry.stats.sink("s")!.droppedOnError).toBe(1);
    expect(telemetry.stats.sink("t")!.droppedOnError).toBe(1);
    expect(telemetry.stats.sink("s")!.exported.spans).toBe(1);
  });
});

describe("redactForEachSink's batches", () => {
  it("leave out a span whose copy throws for one sink only there: no hole, the other sink's batch whole, the drop counted", async () => {
    const { redactForEachSink } = await import("../../runtime/spans-all-sinks.js");
    const tracer = new BasicTracerProvider({}).getTracer("t");
    const spans = ["a", "bad", "c"].map((name) => {
      const span = tracer.startSpan(name, { attributes: { ok: "yes" } });
      span.end();
      return span as unknown as ReadableSpan;
    });
    const dropped = [0, 0];
    const contexts = [0, 1].map((i) => ({ countDroppedOnError: (n: number) => void (dropped[i]! += n) }) as unknown as SinkContext);
    const copier = (i: number): SpanCopier => ({
      copy: () => {
        throw new Error("unreachable: every span is declared");
      },
      copyWith: (span, attributes) => {
        if (i === 1 && span.name === "bad") throw new Error("copy failed");
        return { ...span, name: `${span.name}@${i}`, attributes } as unknown as ReadableSpan;
      },
    });
    const redactor = {
      sinks: ["s", "t"],
      span: (_name: string, a: Attributes, _contexts: readonly SinkContext[], out: Attributes[]) => {
        out[0] = { ...a, sink: "s" };
        out[1] = { ...a, sink: "t" };
        return true;
      },
    };
    const split = redactForEachSink(redactor, [0, 1].map((i) => ({ r: contexts[i]!, copier: copier(i), slots: [] })));
    const batches = split(spans, 2);
    expect(batches.map((b) => b.map((s) => s.name))).toEqual([["a@0", "bad@0", "c@0"], ["a@1", "c@1"]]);
    expect(batches[1]!.every((s) => s !== undefined)).toBe(true);
    expect(dropped).toEqual([0, 1]);
  });
});

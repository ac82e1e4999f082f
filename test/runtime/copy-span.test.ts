/**
 * A sink's copy of a span (runtime/copy-span.ts) reads the values it does not change from the
 * ended span (spanContext, duration, ended, dropped counts) instead of copying them: an exporter
 * still reads the span's values there, and nothing an exporter can enumerate, spread, serialise
 * or inspect on the copy reaches the span it was made from (its unredacted attributes).
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { createTelemetryFromPlan, type ServicePlan, type SinkPlan } from "../../runtime/index.js";
import { tracesSinkPlan } from "./traces-sink-plan.js";

const SECRET = "bob@corp.example";

function sink(name: string): SinkPlan {
  return tracesSinkPlan(name, () => ({ kept: "yes" }));
}

async function sinkCopy(): Promise<{ original: ReadableSpan; copy: ReadableSpan }> {
  const plan: ServicePlan = { service: "svc", digest: "sha256:00", hashes: false, sinks: [sink("s")] };
  const exporter = new InMemorySpanExporter();
  const telemetry = createTelemetryFromPlan(plan, { exporters: { traces: { s: exporter } }, assertRegion: { s: "r" } });
  const originals: ReadableSpan[] = [];
  const tracer = new BasicTracerProvider({
    spanProcessors: [...telemetry.spanProcessors, { onStart: () => {}, onEnd: (s) => void originals.push(s), forceFlush: async () => {}, shutdown: async () => {} }],
    spanLimits: { attributeCountLimit: 1, eventCountLimit: 1, linkCountLimit: 0 },
  }).getTracer("t");
  const span = tracer.startSpan("op", { attributes: { "user.email": SECRET }, links: [{ context: { traceId: "a".repeat(32), spanId: "b".repeat(16), traceFlags: 1 } }] });
  span.setAttribute("user.note", `note of ${SECRET}`);
  span.addEvent("e1");
  span.addEvent("e2");
  span.end([1_700_000_000, 5]);
  await telemetry.forceFlush();
  const sent = exporter.getFinishedSpans();
  expect(sent).toHaveLength(1);
  return { original: originals[0]!, copy: sent[0]! };
}

describe("a sink's copy of a span", () => {
  it("answers the span's context, duration, ended flag and dropped counts", async () => {
    const { original, copy } = await sinkCopy();
    expect(copy).not.toBe(original);
    expect(copy.spanContext()).toEqual(original.spanContext());
    expect(copy.duration).toEqual(original.duration);
    expect(copy.ended).toBe(true);
    expect(copy.droppedAttributesCount).toBe(1);
    expect(copy.droppedEventsCount).toBe(1);
    expect(copy.droppedLinksCount).toBe(1);
    expect([copy.kind, copy.startTime, copy.endTime, copy.parentSpanContext]).toEqual([original.kind, original.startTime, original.endTime, original.parentSpanContext]);
    expect(copy.attributes).toEqual({ kept: "yes" });
  });

  it("lets nothing enumerable, spread, serialised or inspected reach the span's own attributes", async () => {
    const { original, copy } = await sinkCopy();
    expect(JSON.stringify(original.attributes)).toContain(SECRET); // what there is to reach
    expect(JSON.stringify(copy)).not.toContain(SECRET);
    expect(JSON.stringify({ ...copy })).not.toContain(SECRET);
    expect(inspect(copy, { showHidden: true, depth: 10, getters: true })).not.toContain(SECRET);
    const reached: unknown[] = [];
    for (const key in copy) reached.push((copy as unknown as Record<string, unknown>)[key]);
    expect(JSON.stringify(reached)).not.toContain(SECRET);
    expect(JSON.stringify(Object.getOwnPropertyNames(copy).map((k) => (copy as unknown as Record<string, unknown>)[k]))).not.toContain(SECRET);
  });
});

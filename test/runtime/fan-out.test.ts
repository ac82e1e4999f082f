/**
 * The shared batch's fan-out (runtime/fan-out.ts): every sink's lane gets every batch in
 * order, one export in flight per lane, a bounded backlog that drops and counts beyond its
 * bound, and a slow sink that holds back only itself. Plus the same through createTelemetry
 * with the real SDK: a sink that answers slowly does not delay what another sink receives.
 */
import { describe, expect, it } from "vitest";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { FanOutExporter, SinkLane, type BatchExporter } from "../../runtime/index.js";
import { useGeneratedModule } from "../codegen/support.js";

type Callback = (result: ExportResult) => void;
const OK: ExportResult = { code: ExportResultCode.SUCCESS };

/** An exporter that records every batch and answers only when told to (or at once). */
function recorder(answerAtOnce: boolean) {
  const batches: number[][] = [];
  const pending: Callback[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const exporter: BatchExporter<number> = {
    export(items, cb) {
      batches.push([...items]);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const answer = () => {
        inFlight--;
        cb(OK);
      };
      if (answerAtOnce) answer();
      else pending.push(answer as Callback);
    },
    shutdown: async () => undefined,
  };
  return {
    exporter,
    batches,
    answerOne: () => (pending.shift() as (() => void) | undefined)?.(),
    get maxInFlight() {
      return maxInFlight;
    },
  };
}

function counters() {
  return {
    backlog: 0,
    failures: 0,
    countDroppedOnBacklog(n: number) {
      this.backlog += n;
    },
    countExportFailure() {
      this.failures++;
    },
  };
}

describe("SinkLane", () => {
  it("sends batches in order, one at a time, and keeps what arrives meanwhile", () => {
    const out = recorder(false);
    const c = counters();
    const lane = new SinkLane(out.exporter, c, { maxWaitingItems: 100, timeoutMillis: 1000 });
    lane.push([1, 2]);
    lane.push([3]);
    lane.push([4, 5]);
    expect(out.batches).toEqual([[1, 2]]);
    out.answerOne();
    expect(out.batches).toEqual([[1, 2], [3]]);
    out.answerOne();
    out.answerOne();
    expect(out.batches).toEqual([[1, 2], [3], [4, 5]]);
    expect(out.maxInFlight).toBe(1);
    expect(c.backlog).toBe(0);
  });

  it("drops and counts a batch that would overfill its backlog, and takes later ones that fit", () => {
    const out = recorder(false);
    const c = counters();
    const lane = new SinkLane(out.exporter, c, { maxWaitingItems: 3, timeoutMillis: 1000 });
    lane.push([1]); // in flight: does not count against the backlog
    lane.push([2, 3]);
    lane.push([4, 5]); // 2 + 2 > 3
    lane.push([6]);
    expect(c.backlog).toBe(2);
    out.answerOne();
    out.answerOne();
    out.answerOne();
    expect(out.batches).toEqual([[1], [2, 3], [6]]);
  });

  it("does not nest calls when the exporter answers synchronously (thousands of waiting batches)", () => {
    const out = recorder(true);
    const lane = new SinkLane(out.exporter, counters(), { maxWaitingItems: 100_000, timeoutMillis: 1000 });
    for (let i = 0; i < 20_000; i++) lane.push([i]);
    expect(out.batches).toHaveLength(20_000);
    expect(out.batches[19_999]).toEqual([19_999]);
  });

  it("flushes once what it holds is exported, and counts a flush that outlives its timeout", async () => {
    const out = recorder(false);
    const c = counters();
    const lane = new SinkLane(out.exporter, c, { maxWaitingItems: 100, timeoutMillis: 50 });
    lane.push([1]);
    lane.push([2]);
    let flushed = false;
    const flush = lane.forceFlush().then(() => (flushed = true));
    await Promise.resolve();
    expect(flushed).toBe(false);
    out.answerOne();
    out.answerOne();
    await flush;
    expect(c.failures).toBe(0);
    lane.push([3]); // never answered
    await lane.forceFlush();
    expect(c.failures).toBe(1);
  });

  it("takes nothing after shutdown, and counts what could not be sent in time", async () => {
    const out = recorder(false);
    const c = counters();
    const lane = new SinkLane(out.exporter, c, { maxWaitingItems: 100, timeoutMillis: 30 });
    lane.push([1]); // in flight, never answered
    lane.push([2, 3]); // waiting
    await lane.shutdown();
    expect(c.backlog).toBe(2);
    lane.push([4]);
    expect(c.backlog).toBe(3);
    expect(out.batches).toEqual([[1]]);
  });

  it("counts a failure and goes on when the exporter throws", () => {
    const c = counters();
    const seen: number[][] = [];
    const lane = new SinkLane<number>(
      { export: (items) => { seen.push(items); throw new Error("boom"); }, shutdown: async () => undefined },
      c,
      { maxWaitingItems: 10, timeoutMillis: 1000 },
    );
    expect(() => lane.push([1])).not.toThrow();
    lane.push([2]);
    expect(seen).toEqual([[1], [2]]);
    expect(c.failures).toBe(2);
  });
});

describe("FanOutExporter", () => {
  it("gives every batch to every lane and answers at once, even while a lane is busy", () => {
    const slow = recorder(false);
    const fast = recorder(true);
    const fanOut = new FanOutExporter([
      new SinkLane(slow.exporter, counters(), { maxWaitingItems: 10, timeoutMillis: 1000 }),
      new SinkLane(fast.exporter, counters(), { maxWaitingItems: 10, timeoutMillis: 1000 }),
    ]);
    const answers: ExportResult[] = [];
    fanOut.export([1], (r) => answers.push(r));
    fanOut.export([2], (r) => answers.push(r));
    expect(answers).toEqual([OK, OK]);
    expect(fast.batches).toEqual([[1], [2]]);
    expect(slow.batches).toEqual([[1]]);
  });
});

/** The basic fixture's generated checkout module. */
const mod = useGeneratedModule("basic", "checkout");

describe("createTelemetry's shared batch", () => {
  it("is one span processor for two sinks; a sink that answers slowly delays only itself and drops beyond its backlog", async () => {
    const parked: Callback[] = [];
    const slow: SpanExporter = { export: (_spans: ReadableSpan[], cb: Callback) => void parked.push(cb), shutdown: async () => undefined };
    const healthy = new InMemorySpanExporter();
    const telemetry = mod().createTelemetry({
      hashKey: "k",
      exporters: { traces: { "eu-collector": slow, "vendor-apm": healthy } },
      assertRegion: { "eu-collector": "eu-west-1", "vendor-apm": "us-east-1" },
      exportTimeoutMillis: 60_000,
      spanBatch: { maxExportBatchSize: 10, maxQueueSize: 20, scheduledDelayMillis: 60_000 },
    });
    expect(telemetry.spanProcessors).toHaveLength(1);
    const provider = new BasicTracerProvider({ spanProcessors: telemetry.spanProcessors });
    const tracer = provider.getTracer("t");
    // 50 spans in batches of 10: the slow sink has 1 batch in flight, 2 waiting (20 = its
    // bound), and must drop the last 2 batches; the healthy sink gets all 50 at once.
    // (A pause after each 10 lets the batch processor export before its own queue fills.)
    for (let i = 0; i < 50; i++) {
      mod().startSpan(tracer, "checkout.place_order", { "order.id": `o-${i}`, "user.email": "alice@example.com" }).end();
      if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(healthy.getFinishedSpans()).toHaveLength(50);
    for (const s of healthy.getFinishedSpans()) expect(String(s.attributes["user.email"])).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(parked).toHaveLength(1);
    expect(telemetry.stats.sink("eu-collector").droppedOnBacklog).toBe(20);
    expect(telemetry.stats.sink("vendor-apm").droppedOnBacklog).toBe(0);
    // Once the slow sink answers, its backlog goes out in order; flush settles when it has.
    const flushed = telemetry.forceFlush();
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      parked.shift()!({ code: ExportResultCode.SUCCESS });
    }
    await flushed;
    const eu = telemetry.stats.sink("eu-collector");
    expect(eu.exported.spans).toBe(30);
    expect(eu.exportFailures).toBe(0);
    await telemetry.shutdown();
  });
});

/**
 * `createTelemetry`: what a generated module's factory calls. It checks the options at
 * start-up (hash key, region lock), then builds one guarded batch processor per signal that
 * fans its batches out to the sinks' lanes, and a metric reader per sink: each sink's exporter
 * only ever receives copies redacted for that sink.
 */
import type { Attributes } from "@opentelemetry/api";
import type { Resource } from "@opentelemetry/resources";
import type { LogRecordExporter, LogRecordProcessor, ReadableLogRecord } from "@opentelemetry/sdk-logs";
import type { MetricReader, PushMetricExporter } from "@opentelemetry/sdk-metrics";
import type { BufferConfig, SpanExporter, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { logCopier } from "./copy-log.js";
import { metricsCopier } from "./copy-metrics.js";
import { spanCopier, type SpanCopier } from "./copy-span.js";
import { RedactingLogRecordExporter, RedactingMetricExporter, RedactingSpanExporter } from "./exporters.js";
import { DetectionCache } from "./detection-cache.js";
import { settle } from "./guard.js";
import { createHasher, NO_HASHER, type Hasher } from "./hash.js";
import { FanOutExporter, SinkLane } from "./fan-out.js";
import { everySink, GuardedLogRecordProcessor, GuardedSpanProcessor, QueueBound } from "./processors.js";
import type { AllSinksSpanRedactor, ServicePlan, Signal, SinkPlan } from "./redactors.js";
import { redactForEachSink } from "./spans-all-sinks.js";
import { numberFromEnv, sdkFor, type Sdk } from "./sdk.js";
import { scratchContext, spanRedactorsFor } from "./one-sink-span.js";
import { lockExporter } from "./region-lock.js";
import { fieldSlots, SinkContext, type FieldSlot, type SinkStats } from "./sink-context.js";

export interface TelemetryOptions {
  /** The HMAC key for `hash` (required when any field or detector hashes). Never in a contract. */
  readonly hashKey?: string | Uint8Array;
  /** Per signal, sink name → a real OpenTelemetry exporter for that sink. */
  readonly exporters: {
    readonly traces?: Readonly<Record<string, SpanExporter>>;
    readonly logs?: Readonly<Record<string, LogRecordExporter>>;
    readonly metrics?: Readonly<Record<string, PushMetricExporter>>;
  };
  /** Sink name → region: vouch for exporters whose endpoint cannot be read. Must be the sink's region. */
  readonly assertRegion?: Readonly<Record<string, string>>;
  /**
   * Batching of spans (the SDK's BatchSpanProcessor options). `maxQueueSize` also bounds each
   * sink's backlog; each sink's export is timed by `exportTimeoutMillis` below.
   */
  readonly spanBatch?: BufferConfig;
  /** Batching of log records, as `spanBatch` for spans. */
  readonly logBatch?: { maxExportBatchSize?: number; scheduledDelayMillis?: number; exportTimeoutMillis?: number; maxQueueSize?: number };
  /** Metric export interval and timeout (PeriodicExportingMetricReader), per sink. */
  readonly metricReader?: { exportIntervalMillis?: number; exportTimeoutMillis?: number };
  /** How long an inner export, flush or shutdown may take before it counts as failed (default 30 s). */
  readonly exportTimeoutMillis?: number;
}

export interface TelemetryStats {
  /** Every counter of every sink, copied now. */
  snapshot(): readonly SinkStats[];
  /** One sink's counters, or undefined for a sink without exporters. */
  sink(name: string): SinkStats | undefined;
}

export interface Telemetry {
  /** Hand to `new NodeTracerProvider({ spanProcessors })`: one processor feeding every sink that receives traces. */
  readonly spanProcessors: SpanProcessor[];
  /** Hand to `new LoggerProvider({ processors })`. */
  readonly logRecordProcessors: LogRecordProcessor[];
  /** Hand to `new MeterProvider({ readers })`. */
  readonly metricReaders: MetricReader[];
  readonly stats: TelemetryStats;
  /** Flush every sink; never rejects. */
  forceFlush(): Promise<void>;
  /** Flush and shut down every sink; never rejects. */
  shutdown(): Promise<void>;
}

const DEFAULT_TIMEOUT = 30_000;
/** The SDK's default `maxQueueSize`: also how many records a sink's lane may hold back. */
const DEFAULT_MAX_QUEUE = 2048;
/** The guards' backstop, in export timeouts: a lane drains and then shuts its exporter down, each within one. */
const BACKSTOP_FACTOR = 3;

/** The shared queue's size: the option, else the SDK's environment variable, else the SDK's default. */
function queueSize(option: number | undefined, envName: string): number {
  const size = option ?? numberFromEnv(envName) ?? DEFAULT_MAX_QUEUE;
  return Number.isInteger(size) && size > 0 ? size : DEFAULT_MAX_QUEUE;
}

/** Own enumerable entries of a user-given record (no prototype keys). */
function entries<T>(record: Readonly<Record<string, T>> | undefined): [string, T][] {
  if (!record) return [];
  return Object.keys(record).map((key) => [key, record[key] as T]);
}

function hasherFor(plan: ServicePlan, hashKey: string | Uint8Array | undefined): Hasher {
  if (!plan.hashes) return hashKey ? createHasher(hashKey) : NO_HASHER;
  if (hashKey === undefined || hashKey === null || hashKey.length === 0) {
    throw new Error(
      `cordon: createTelemetry for service "${plan.service}" needs a hashKey: its contract hashes some values ` +
        `(SPEC §1.2, HMAC-SHA256). Pass createTelemetry({ hashKey: process.env.CORDON_HASH_KEY, … }) with a secret key.`,
    );
  }
  if (typeof hashKey !== "string" && !(hashKey instanceof Uint8Array)) {
    throw new Error(`cordon: hashKey for service "${plan.service}" must be a string or bytes.`);
  }
  return createHasher(hashKey);
}

/** A per-sink memo of redacted resources (spans of one resource stay grouped in OTLP). */
function resourceRedactor(plan: SinkPlan, r: SinkContext, { resourceFromAttributes }: Sdk["resources"]): (resource: Resource) => Resource {
  const memo = new WeakMap<Resource, Resource>();
  // A provider has one resource: a one-entry cache in front of the WeakMap answers nearly
  // every call without hashing.
  let lastIn: Resource | undefined;
  let lastOut: Resource | undefined;
  return (resource) => {
    if (resource === lastIn) return lastOut!;
    let redacted = memo.get(resource);
    if (redacted === undefined) {
      const attributes: Attributes = plan.redact.resource(resource.attributes, r);
      redacted = resourceFromAttributes(attributes, resource.schemaUrl === undefined ? {} : { schemaUrl: resource.schemaUrl });
      memo.set(resource, redacted);
    }
    lastIn = resource;
    lastOut = redacted;
    return redacted;
  };
}

interface TraceSink {
  readonly name: string;
  readonly exporter: SpanExporter;
  readonly r: SinkContext;
  readonly copier: SpanCopier;
  readonly slots: readonly FieldSlot[];
}

/** The all-sinks span function and the trace sinks in its order, when it covers exactly these sinks. */
function allSinksPass(
  redactor: AllSinksSpanRedactor | undefined,
  sinks: readonly TraceSink[],
): { redactor: AllSinksSpanRedactor; sinks: TraceSink[] } | undefined {
  if (!redactor || redactor.sinks.length !== sinks.length) return undefined;
  const byName = new Map(sinks.map((s) => [s.name, s] as const));
  const ordered = redactor.sinks.map((name) => byName.get(name));
  return ordered.every((s) => s !== undefined) ? { redactor, sinks: ordered as TraceSink[] } : undefined;
}

interface SinkRuntime {
  readonly plan: SinkPlan;
  readonly r: SinkContext;
  readonly resourceFor: (resource: Resource) => Resource;
  readonly linkSlot: number;
  readonly slots: readonly FieldSlot[];
}

export function createTelemetryFromPlan(plan: ServicePlan, options: TelemetryOptions): Telemetry {
  if (options === null || typeof options !== "object") throw new Error("cordon: createTelemetry needs an options object.");
  const exporters = options.exporters ?? {};
  const hasher = hasherFor(plan, options.hashKey);
  const timeout = options.exportTimeoutMillis ?? DEFAULT_TIMEOUT;
  const wrapperOptions = { exportTimeoutMillis: timeout };
  const sinks = new Map(plan.sinks.map((s) => [s.name, s] as const));
  const assertRegion = new Map(entries(options.assertRegion));

  // Check every exporter before building anything: a refused start-up leaves nothing running.
  const chosen: { signal: Signal; sink: SinkPlan; exporter: unknown }[] = [];
  const signalExporters: [Signal, [string, unknown][]][] = [
    ["traces", entries(exporters.traces)],
    ["logs", entries(exporters.logs)],
    ["metrics", entries(exporters.metrics)],
  ];
  for (const [signal, given] of signalExporters) {
    for (const [sinkName, exporter] of given) {
      const sink = lockExporter({ service: plan.service, signal, sinkName, exporter, sinks, assertRegion });
      chosen.push({ signal, sink, exporter });
    }
  }

  // The SDK packages these exporters need, from the service's installation (sdk.ts): a missing
  // one refuses the start-up here, before anything is built.
  const sdk = sdkFor(plan.service, new Set(chosen.map((c) => c.signal)));

  const runtimes = new Map<string, SinkRuntime>();
  // one verdict per string for every sink (detection-cache.ts)
  const detectionCache = new DetectionCache(plan.sinks.flatMap((s) => s.detectors.map((d) => d.detector)));
  const runtimeFor = (sink: SinkPlan): SinkRuntime => {
    let runtime = runtimes.get(sink.name);
    if (!runtime) {
      const planned = fieldSlots(sink.slots);
      const linkSlot = planned.length;
      const slots: FieldSlot[] = [...planned, { where: "link", key: "*", action: sink.undeclared }];
      const r = new SinkContext(sink.name, slots, sink.detectors, hasher, detectionCache);
      runtime = { plan: sink, r, resourceFor: resourceRedactor(sink, r, sdk.resources), linkSlot, slots };
      runtimes.set(sink.name, runtime);
    }
    return runtime;
  };

  // The sinks given a trace exporter (one-sink-span.ts).
  const tracedSinks = new Set(chosen.filter((c) => c.signal === "traces").map((c) => c.sink.name));

  const spanProcessors: SpanProcessor[] = [];
  const logRecordProcessors: LogRecordProcessor[] = [];
  const metricReaders: MetricReader[] = [];
  const closers: { flush: () => Promise<void>; shutdown: () => Promise<void> }[] = [];
  const traceSinks: TraceSink[] = [];
  const logLanes: { lane: SinkLane<ReadableLogRecord>; r: SinkContext }[] = [];
  const laneOptions = (maxQueueSize: number | undefined) => ({ maxWaitingItems: maxQueueSize ?? DEFAULT_MAX_QUEUE, timeoutMillis: timeout });

  for (const { signal, sink, exporter } of chosen) {
    const { r, resourceFor, linkSlot, slots } = runtimeFor(sink);
    const keepUndeclared = sink.undeclared === "keep";
    if (signal === "traces") {
      traceSinks.push({ name: sink.name, exporter: exporter as SpanExporter, r, slots, copier: spanCopier(r, spanRedactorsFor(plan, tracedSinks, sink, scratchContext), resourceFor, keepUndeclared, linkSlot) });
    } else if (signal === "logs") {
      const wrapped = new RedactingLogRecordExporter(exporter as LogRecordExporter, logCopier(r, sink.redact, resourceFor), r, wrapperOptions);
      logLanes.push({ lane: new SinkLane(wrapped, r, laneOptions(options.logBatch?.maxQueueSize)), r });
    } else {
      const wrapped = new RedactingMetricExporter(exporter as PushMetricExporter, metricsCopier(r, sink.redact, resourceFor), r, wrapperOptions);
      const reader = new sdk.metrics.PeriodicExportingMetricReader({ ...options.metricReader, exporter: wrapped });
      metricReaders.push(reader);
      closers.push({
        flush: () => settle(() => reader.forceFlush(), timeout, () => r.countExportFailure()),
        shutdown: () => settle(() => reader.shutdown(), timeout, () => r.countExportFailure()),
      });
    }
  }

  // One batch processor per signal, fanned out to the sinks' lanes (fan-out.ts). The guard's
  // own timeout is a backstop: the lanes settle within theirs (drain, then the exporter).
  const guard = { timeoutMillis: BACKSTOP_FACTOR * timeout };
  if (traceSinks.length > 0) {
    // With an exporter for every sink the generated all-sinks span function covers, it redacts
    // each span for all of them in one pass; otherwise each lane's exporter copies for its sink.
    const allSinks = allSinksPass(plan.spans, traceSinks);
    const sinksInOrder = allSinks?.sinks ?? traceSinks;
    const spanLanes = sinksInOrder.map(({ exporter, r, copier }) => {
      const wrapped = new RedactingSpanExporter(exporter, allSinks ? undefined : copier, r, wrapperOptions);
      return new SinkLane(wrapped, r, laneOptions(options.spanBatch?.maxQueueSize));
    });
    const queue = new QueueBound(queueSize(options.spanBatch?.maxQueueSize, "OTEL_BSP_MAX_QUEUE_SIZE"));
    const fanOut = new FanOutExporter(spanLanes, allSinks ? redactForEachSink(allSinks.redactor, allSinks.sinks) : undefined, queue);
    const counters = everySink(sinksInOrder.map((t) => t.r));
    const batch = new sdk.traces.BatchSpanProcessor(fanOut, { ...options.spanBatch, maxQueueSize: queue.maxQueueSize });
    const processor = new GuardedSpanProcessor(batch, counters, { ...guard, exporter: fanOut, queue });
    spanProcessors.push(processor);
    closers.push({ flush: () => processor.forceFlush(), shutdown: () => processor.shutdown() });
  }
  if (logLanes.length > 0) {
    const queue = new QueueBound(queueSize(options.logBatch?.maxQueueSize, "OTEL_BLRP_MAX_QUEUE_SIZE"));
    const fanOut = new FanOutExporter(logLanes.map((l) => l.lane), undefined, queue);
    const counters = everySink(logLanes.map((l) => l.r));
    const batch = new sdk.logs.BatchLogRecordProcessor({ ...options.logBatch, maxQueueSize: queue.maxQueueSize, exporter: fanOut });
    const processor = new GuardedLogRecordProcessor(batch, counters, { ...guard, exporter: fanOut, queue });
    logRecordProcessors.push(processor);
    closers.push({ flush: () => processor.forceFlush(), shutdown: () => processor.shutdown() });
  }

  const stats: TelemetryStats = {
    snapshot: () => [...runtimes.values()].map((rt) => rt.r.stats()),
    sink: (name) => runtimes.get(name)?.r.stats(),
  };
  return {
    spanProcessors,
    logRecordProcessors,
    metricReaders,
    stats,
    forceFlush: async () => {
      await Promise.all(closers.map((c) => c.flush()));
    },
    shutdown: async () => {
      await Promise.all(closers.map((c) => c.shutdown()));
    },
  };
}

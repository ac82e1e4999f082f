/**
 * Exporter wrappers: the only way from the SDK's batches to a sink's real exporter. Each
 * redacts a copy of every record for its sink, hands the inner exporter nothing else, and
 * fails closed: a record whose redaction fails is dropped (and counted), never sent as is.
 */
import type { ExportResult } from "@opentelemetry/core";
import type { LogRecordExporter, ReadableLogRecord } from "@opentelemetry/sdk-logs";
import type { AggregationOption, AggregationTemporality, InstrumentType, PushMetricExporter, ResourceMetrics } from "@opentelemetry/sdk-metrics";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { LogCopier } from "./copy-log.js";
import type { MetricsCopier } from "./copy-metrics.js";
import type { SpanCopier } from "./copy-span.js";
import { callExport, EXPORT_FAILED, EXPORT_SUCCESS, failed, settle } from "./guard.js";
import { sdk } from "./sdk.js";
import type { SinkContext } from "./sink-context.js";

const SUCCESS: ExportResult = { code: EXPORT_SUCCESS };

export interface WrapperOptions {
  /** How long an inner export may stay silent before it counts as failed (ms). */
  readonly exportTimeoutMillis: number;
}

/** Copy every item for the sink; an item whose copy fails is dropped and counted. */
function copyAll<T>(items: readonly T[], copy: (item: T) => T, r: SinkContext): T[] {
  const out: T[] = [];
  for (const item of items) {
    try {
      out.push(copy(item));
    } catch {
      r.countDroppedOnError(1);
    }
  }
  return out;
}

/**
 * Count an export's answer and pass it on. An exporter that calls back without a result
 * (`cb()`, `cb(null)`) or with something that is not one has not said the records arrived: a
 * failure, counted, and the lane moves on (callExport already ignores a second answer).
 */
function reportTo(r: SinkContext, signal: "traces" | "logs" | "metrics", n: number, callback: (result: ExportResult) => void) {
  return (result: ExportResult | null | undefined) => {
    const code: unknown = typeof result === "object" && result !== null ? (result as { code?: unknown }).code : undefined;
    if (code === EXPORT_SUCCESS) {
      r.countExported(signal, n);
      callback(result!);
      return;
    }
    r.countExportFailure();
    callback(code === EXPORT_FAILED ? result! : failed(new Error(`exporter called back with ${result === null ? "null" : typeof result === "object" ? "no result code" : String(result)}`)));
  };
}

export class RedactingSpanExporter implements SpanExporter {
  /** `copier` undefined: the spans it is given are this sink's copies already (spans-all-sinks.ts). */
  constructor(
    private readonly inner: SpanExporter,
    private readonly copier: SpanCopier | undefined,
    private readonly r: SinkContext,
    private readonly options: WrapperOptions,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const copies = this.copier ? copyAll(spans, this.copier.copy, this.r) : spans;
    if (copies.length === 0) return resultCallback(SUCCESS);
    callExport((items, cb) => this.inner.export(items, cb), copies, this.options.exportTimeoutMillis, reportTo(this.r, "traces", copies.length, resultCallback));
  }

  forceFlush(): Promise<void> {
    return settle(() => this.inner.forceFlush?.(), this.options.exportTimeoutMillis, () => this.r.countExportFailure());
  }

  shutdown(): Promise<void> {
    return settle(() => this.inner.shutdown(), this.options.exportTimeoutMillis, () => this.r.countExportFailure());
  }
}

export class RedactingLogRecordExporter implements LogRecordExporter {
  constructor(
    private readonly inner: LogRecordExporter,
    private readonly copier: LogCopier,
    private readonly r: SinkContext,
    private readonly options: WrapperOptions,
  ) {}

  export(logs: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    const copies = copyAll(logs, this.copier.copy, this.r);
    if (copies.length === 0) return resultCallback(SUCCESS);
    callExport((items, cb) => this.inner.export(items, cb), copies, this.options.exportTimeoutMillis, reportTo(this.r, "logs", copies.length, resultCallback));
  }

  forceFlush(): Promise<void> {
    return settle(() => this.inner.forceFlush(), this.options.exportTimeoutMillis, () => this.r.countExportFailure());
  }

  shutdown(): Promise<void> {
    return settle(() => this.inner.shutdown(), this.options.exportTimeoutMillis, () => this.r.countExportFailure());
  }
}

export class RedactingMetricExporter implements PushMetricExporter {
  constructor(
    private readonly inner: PushMetricExporter,
    private readonly copier: MetricsCopier,
    private readonly r: SinkContext,
    private readonly options: WrapperOptions,
  ) {}

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    let copy: { metrics: ResourceMetrics; points: number };
    try {
      copy = this.copier.copy(metrics);
    } catch {
      this.r.countDroppedOnError(metrics.scopeMetrics.reduce((n, s) => n + s.metrics.reduce((m, x) => m + x.dataPoints.length, 0), 0));
      return resultCallback(SUCCESS);
    }
    callExport((items, cb) => this.inner.export(items, cb), copy.metrics, this.options.exportTimeoutMillis, reportTo(this.r, "metrics", copy.points, resultCallback));
  }

  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    return this.inner.selectAggregationTemporality?.(instrumentType) ?? sdk().metrics.AggregationTemporality.CUMULATIVE;
  }

  selectAggregation(instrumentType: InstrumentType): AggregationOption {
    return this.inner.selectAggregation?.(instrumentType) ?? { type: sdk().metrics.AggregationType.DEFAULT };
  }

  forceFlush(): Promise<void> {
    return settle(() => this.inner.forceFlush(), this.options.exportTimeoutMillis, () => this.r.countExportFailure());
  }

  shutdown(): Promise<void> {
    return settle(() => this.inner.shutdown(), this.options.exportTimeoutMillis, () => this.r.countExportFailure());
  }
}

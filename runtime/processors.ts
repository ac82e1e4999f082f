/**
 * Processors that sit on the application's hot path (`span.end()`, `logger.emit()`): thin
 * guards around the SDK's batch processor of a service, so that nothing a sink does can
 * throw into the application. The batch processor queues the shared record once; its
 * exporter fans each batch out to the sinks' lanes (fan-out.ts), where the copy for each sink
 * is made when that sink exports, off the hot path.
 */
import { TraceFlags, type Context } from "@opentelemetry/api";
import type { LogRecordProcessor, SdkLogRecord } from "@opentelemetry/sdk-logs";
import type { ReadableSpan, Span, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { settle } from "./guard.js";

/** The counters a guard reports to: every sink the guarded processor feeds. */
export interface GuardCounters {
  countDroppedOnError(n: number): void;
  countExportFailure(): void;
  /** Records the shared batch queue had no room for (counted when the guard bounds the queue). */
  countDroppedOnBacklog?(n: number): void;
}

/** Counters that count on each of several sinks (a record lost before the fan-out is lost to all). */
export function everySink(counters: readonly GuardCounters[]): GuardCounters {
  return {
    countDroppedOnError: (n) => {
      for (const c of counters) c.countDroppedOnError(n);
    },
    countExportFailure: () => {
      for (const c of counters) c.countExportFailure();
    },
    countDroppedOnBacklog: (n) => {
      for (const c of counters) c.countDroppedOnBacklog?.(n);
    },
  };
}

/**
 * The bound of a shared batch queue, kept by its guard so that what the queue drops is counted.
 * The SDK's batch processor drops a record silently when its queue is full (a log line, no
 * counter); the guard hands it a record only while fewer than `maxQueueSize` wait (handed to the
 * processor, not yet taken by its exporter, which takes each batch as the queue releases it),
 * and counts the others on every sink. The SDK processor is given the same `maxQueueSize`.
 */
export class QueueBound {
  private handed = 0;
  private taken = 0;

  constructor(readonly maxQueueSize: number) {}

  /** Room for one more record? (It is then counted as handed.) */
  admit(): boolean {
    if (this.handed - this.taken >= this.maxQueueSize) return false;
    this.handed++;
    return true;
  }

  /** The exporter took a batch of `n` records off the queue. */
  release(n: number): void {
    this.taken += n;
  }
}

/** Something to flush after the batch processor: the SDK's batch processors do not flush their exporter. */
export interface Flushable {
  forceFlush(): Promise<void>;
}

const NOTHING_TO_FLUSH: Flushable = { forceFlush: () => Promise.resolve() };

/** The batch processor, then what it exports to, within the guard's timeout; never rejects. */
function flushBoth(inner: Flushable, exporter: Flushable, timeoutMillis: number, counters: GuardCounters): Promise<void> {
  return settle(
    async () => {
      await inner.forceFlush();
      await exporter.forceFlush();
    },
    timeoutMillis,
    () => counters.countExportFailure(),
  );
}

export interface GuardOptions {
  /** How long flush and shutdown may take before they settle anyway (ms). */
  readonly timeoutMillis: number;
  /** The inner batch processor's queue bound, shared with its exporter (drops are then counted). */
  readonly queue?: QueueBound;
  /** Flushed after the inner processor (the fan-out exporter, so that flush means delivered). */
  readonly exporter?: Flushable;
}

export class GuardedSpanProcessor implements SpanProcessor {
  private readonly exporter: Flushable;
  private readonly timeoutMillis: number;
  private readonly queue: QueueBound | undefined;

  constructor(
    private readonly inner: SpanProcessor,
    private readonly counters: GuardCounters,
    options: GuardOptions,
  ) {
    this.exporter = options.exporter ?? NOTHING_TO_FLUSH;
    this.timeoutMillis = options.timeoutMillis;
    this.queue = options.queue;
  }

  onStart(span: Span, parentContext: Context): void {
    try {
      this.inner.onStart(span, parentContext);
    } catch {
      // starting is bookkeeping only; nothing leaves
    }
  }

  onEnd(span: ReadableSpan): void {
    try {
      // the batch processor queues sampled spans only
      if (this.queue && (span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0 && !this.queue.admit()) {
        this.counters.countDroppedOnBacklog?.(1);
        return;
      }
      this.inner.onEnd(span);
    } catch {
      this.counters.countDroppedOnError(1);
    }
  }

  forceFlush(): Promise<void> {
    return flushBoth(this.inner, this.exporter, this.timeoutMillis, this.counters);
  }

  shutdown(): Promise<void> {
    return settle(() => this.inner.shutdown(), this.timeoutMillis, () => this.counters.countExportFailure());
  }
}

export class GuardedLogRecordProcessor implements LogRecordProcessor {
  private readonly exporter: Flushable;
  private readonly timeoutMillis: number;
  private readonly queue: QueueBound | undefined;

  constructor(
    private readonly inner: LogRecordProcessor,
    private readonly counters: GuardCounters,
    options: GuardOptions,
  ) {
    this.exporter = options.exporter ?? NOTHING_TO_FLUSH;
    this.timeoutMillis = options.timeoutMillis;
    this.queue = options.queue;
  }

  onEmit(logRecord: SdkLogRecord, context?: Context): void {
    try {
      if (this.queue && !this.queue.admit()) {
        this.counters.countDroppedOnBacklog?.(1);
        return;
      }
      this.inner.onEmit(logRecord, context);
    } catch {
      this.counters.countDroppedOnError(1);
    }
  }

  forceFlush(): Promise<void> {
    return flushBoth(this.inner, this.exporter, this.timeoutMillis, this.counters);
  }

  shutdown(): Promise<void> {
    return settle(() => this.inner.shutdown(), this.timeoutMillis, () => this.counters.countExportFailure());
  }
}

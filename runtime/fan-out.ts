/**
 * One batch queue per service, one lane per sink. The SDK's batch processor queues each ended
 * span (or log record) once and hands every batch to a {@link FanOutExporter}, which gives it
 * to each sink's {@link SinkLane} and answers at once. A lane sends one batch at a time through
 * its sink's redacting exporter, which copies the records for that sink just before the
 * export, so the copies live only as long as the export does.
 *
 * Why not one batch processor per sink: each would queue the same span again (a second
 * `onEnd` on the application's `span.end()`), and the queues would hold the same spans k
 * times. Why lanes: a shared queue must not let a slow or hung sink hold the others back. A
 * lane keeps the batches that arrive while its export is in flight, up to a bound; beyond it,
 * that sink's batches are dropped and counted (`droppedOnBacklog`) and the other sinks go on.
 */
import { context, createContextKey, type Context } from "@opentelemetry/api";
import type { ExportResult } from "@opentelemetry/core";
import { EXPORT_SUCCESS, settle } from "./guard.js";

/**
 * What a lane sends through: a sink's redacting exporter (spans or log records). It must call
 * back every export and settle every flush and shutdown, as the redacting exporters do (they
 * time the inner exporter out); the guarded processors' backstop covers one that does not.
 */
export interface BatchExporter<T> {
  export(items: T[], resultCallback: (result: ExportResult) => void): void;
  forceFlush?(): Promise<void>;
  shutdown(): Promise<void>;
}

/** The counters a lane reports to (a sink's SinkContext). */
export interface LaneCounters {
  countDroppedOnBacklog(n: number): void;
  countExportFailure(): void;
}

export interface LaneOptions {
  /** Records that may wait while an export is in flight; more are dropped and counted. */
  readonly maxWaitingItems: number;
  /** How long flush and shutdown wait for the lane to drain (ms). */
  readonly timeoutMillis: number;
}

const SUCCESS: ExportResult = { code: EXPORT_SUCCESS };

// @opentelemetry/core's suppressTracing without core (sdk.ts): the API's context keys are
// `Symbol.for(description)`, so this is the very key core's isTracingSuppressed reads and the
// exporters' own HTTP calls make no spans (test/runtime/sdk-peers.test.ts checks it with core).
const SUPPRESS_TRACING_KEY = createContextKey("OpenTelemetry SDK Context Key SUPPRESS_TRACING");
function suppressTracing(active: Context): Context {
  return active.setValue(SUPPRESS_TRACING_KEY, true);
}

/** One sink's share of the shared batches: at most one export in flight, a bounded backlog. */
export class SinkLane<T> {
  private readonly waiting: T[][] = [];
  private waitingItems = 0;
  private inFlight = false;
  private pumping = false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  /**
   * The last active context and that context with tracing suppressed: contexts are immutable,
   * and the batch processor exports from the same (root) context batch after batch, so the
   * suppressed one is made once, not per batch (each `setValue` copies the context's map).
   */
  private activeBefore: Context | undefined;
  private suppressed: Context | undefined;

  constructor(
    private readonly exporter: BatchExporter<T>,
    private readonly counters: LaneCounters,
    private readonly options: LaneOptions,
  ) {}

  /** Take a batch (shared with the other lanes, never modified here). Never throws. */
  push(items: T[]): void {
    if (items.length === 0) return;
    if (this.closed || this.waitingItems + items.length > this.options.maxWaitingItems) {
      this.counters.countDroppedOnBacklog(items.length);
      return;
    }
    this.waiting.push(items);
    this.waitingItems += items.length;
    this.pump();
  }

  /** Wait until every batch taken so far is exported (or failed), then flush the exporter. */
  forceFlush(): Promise<void> {
    // Nothing to wait for: the exporter's own flush is bounded (the redacting exporters settle it).
    if (!this.inFlight && this.waiting.length === 0) return this.exporter.forceFlush?.() ?? Promise.resolve();
    return settle(
      async () => {
        await this.idle();
        await this.exporter.forceFlush?.();
      },
      this.options.timeoutMillis,
      () => this.counters.countExportFailure(),
    );
  }

  /** Take nothing more; drain what waits (within the timeout), then shut the exporter down. */
  async shutdown(): Promise<void> {
    this.closed = true;
    await settle(() => this.idle(), this.options.timeoutMillis, () => this.counters.countExportFailure());
    // What still waits after the timeout will not be sent: say so in the counters.
    if (this.waitingItems > 0) this.counters.countDroppedOnBacklog(this.waitingItems);
    this.waiting.length = 0;
    this.waitingItems = 0;
    await settle(() => this.exporter.shutdown(), this.options.timeoutMillis, () => this.counters.countExportFailure());
  }

  private idle(): Promise<void> {
    if (!this.inFlight && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  // A loop rather than recursion: an exporter that answers synchronously would otherwise
  // nest one call per waiting batch.
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    while (!this.inFlight && this.waiting.length > 0) {
      const batch = this.waiting.shift()!;
      this.waitingItems -= batch.length;
      this.inFlight = true;
      this.send(batch);
    }
    this.pumping = false;
    if (!this.inFlight && this.waiting.length === 0 && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private suppressedFrom(active: Context): Context {
    if (active !== this.activeBefore || this.suppressed === undefined) {
      this.suppressed = suppressTracing(active);
      this.activeBefore = active;
    }
    return this.suppressed;
  }

  private send(batch: T[]): void {
    let answered = false;
    const done = () => {
      if (answered) return;
      answered = true;
      this.inFlight = false;
      this.pump();
    };
    try {
      // Later batches start from an export's callback, outside the batch processor's
      // context: suppress tracing so that the exporter's own HTTP calls are never traced.
      context.with(this.suppressedFrom(context.active()), () => this.exporter.export(batch, done));
    } catch {
      // The redacting exporters do not throw; if one ever did, its batch counts as failed.
      this.counters.countExportFailure();
      done();
    }
  }
}

/**
 * How a fan-out hands a batch to its lanes: batch i goes to lane i. By default every lane gets
 * the shared batch (and its exporter makes the sink's copies); a split may instead make every
 * sink's copies in one pass (spans-all-sinks.ts). A split must not throw.
 */
export type BatchSplit<T> = (items: T[], lanes: number) => T[][];

const sameBatch = <T>(items: T[], lanes: number): T[][] => new Array<T[]>(lanes).fill(items);

/** The exporter of the shared batch processor: every batch to every lane, answered at once. */
export class FanOutExporter<T> implements BatchExporter<T> {
  /** @param queue the shared queue's bound, told of every batch taken off the queue. */
  constructor(
    private readonly lanes: readonly SinkLane<T>[],
    private readonly split: BatchSplit<T> = sameBatch,
    private readonly queue?: { release(n: number): void },
  ) {}

  export(items: T[], resultCallback: (result: ExportResult) => void): void {
    this.queue?.release(items.length);
    const batches = this.split(items, this.lanes.length);
    for (let i = 0; i < this.lanes.length; i++) this.lanes[i]!.push(batches[i]!);
    resultCallback(SUCCESS);
  }

  /** Settles when every lane has exported what it took (each within its timeout). */
  async forceFlush(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.forceFlush()));
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.shutdown()));
  }
}

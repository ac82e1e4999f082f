/**
 * Processors that sit on the application's hot path (`span.end()`, `logger.emit()`): thin
 * guards around the SDK's batch processors, so that nothing a sink does can throw into the
 * application. Each sink has its own batch processor, fed the shared record; the copy for
 * the sink is made when the batch is exported (exporters.ts), off the hot path.
 */
import type { Context } from "@opentelemetry/api";
import { BatchLogRecordProcessor, type LogRecordProcessor, type SdkLogRecord } from "@opentelemetry/sdk-logs";
import { BatchSpanProcessor, type ReadableSpan, type Span, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { settle } from "./guard.js";
import type { SinkContext } from "./sink-context.js";

export class GuardedSpanProcessor implements SpanProcessor {
  constructor(
    private readonly inner: BatchSpanProcessor,
    private readonly r: SinkContext,
    private readonly timeoutMillis: number,
  ) {}

  onStart(span: Span, parentContext: Context): void {
    try {
      this.inner.onStart(span, parentContext);
    } catch {
      // starting is bookkeeping only; nothing leaves
    }
  }

  onEnd(span: ReadableSpan): void {
    try {
      this.inner.onEnd(span);
    } catch {
      this.r.countDroppedOnError(1);
    }
  }

  forceFlush(): Promise<void> {
    return settle(() => this.inner.forceFlush(), this.timeoutMillis, () => this.r.countExportFailure());
  }

  shutdown(): Promise<void> {
    return settle(() => this.inner.shutdown(), this.timeoutMillis, () => this.r.countExportFailure());
  }
}

export class GuardedLogRecordProcessor implements LogRecordProcessor {
  constructor(
    private readonly inner: BatchLogRecordProcessor,
    private readonly r: SinkContext,
    private readonly timeoutMillis: number,
  ) {}

  onEmit(logRecord: SdkLogRecord, _context?: Context): void {
    try {
      this.inner.onEmit(logRecord);
    } catch {
      this.r.countDroppedOnError(1);
    }
  }

  forceFlush(): Promise<void> {
    return settle(() => this.inner.forceFlush(), this.timeoutMillis, () => this.r.countExportFailure());
  }

  shutdown(): Promise<void> {
    return settle(() => this.inner.shutdown(), this.timeoutMillis, () => this.r.countExportFailure());
  }
}

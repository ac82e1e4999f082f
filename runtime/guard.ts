/**
 * Guards for everything that runs on behalf of the application: nothing here may throw into
 * application code, hang it, or leave a rejected promise unhandled.
 */
import type { ExportResult, ExportResultCode } from "@opentelemetry/core";

// @opentelemetry/core's ExportResultCode values, part of the SDK's stable exporter interface:
// the only values of core the runtime needs at run time, so core (and the 9.9 MB of semantic
// conventions it depends on) is not a dependency (sdk.ts). test/runtime/sdk-peers.test.ts
// compares them with core's.
export const EXPORT_SUCCESS = 0 as ExportResultCode.SUCCESS;
export const EXPORT_FAILED = 1 as ExportResultCode.FAILED;

/** A callback that runs at most once (exporters that answer twice are ignored the second time). */
export function once<T>(fn: (value: T) => void): (value: T) => void {
  let called = false;
  return (value: T) => {
    if (called) return;
    called = true;
    try {
      fn(value);
    } catch {
      // the caller's callback failing is not ours to report
    }
  };
}

export function failed(error: unknown): ExportResult {
  return { code: EXPORT_FAILED, error: error instanceof Error ? error : new Error(String(error)) };
}

/**
 * Call an exporter's `export`, turning a throw, a rejected promise returned by an async
 * implementation, or silence longer than `timeoutMillis` into one FAILED result. The timer
 * starts only when the exporter has not answered by the time `export` returns (exporters that
 * answer synchronously, like in-memory or console ones, need none).
 */
export function callExport<T>(
  exportFn: (items: T, callback: (result: ExportResult) => void) => unknown,
  items: T,
  timeoutMillis: number,
  done: (result: ExportResult) => void,
): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let answered = false;
  const finish = once<ExportResult>((result) => {
    answered = true;
    if (timer !== undefined) clearTimeout(timer);
    done(result);
  });
  try {
    const returned: unknown = exportFn(items, finish);
    if (returned !== null && typeof returned === "object" && typeof (returned as PromiseLike<unknown>).then === "function") {
      (returned as PromiseLike<unknown>).then(undefined, (error: unknown) => finish(failed(error)));
    }
  } catch (error) {
    finish(failed(error));
  }
  if (!answered) {
    timer = setTimeout(() => finish(failed(new Error(`export timed out after ${timeoutMillis} ms`))), timeoutMillis);
    timer.unref?.();
  }
}

/**
 * A promise that always resolves (within `timeoutMillis`): for flush and shutdown. Its timer
 * holds the event loop open (it is not unref'd): an application that awaits a shutdown whose
 * exporter hangs without holding a handle of its own must see the await settle, not the
 * process end with the await unsettled (exit 13). The timer is cleared as soon as the work ends.
 */
export function settle(run: () => Promise<unknown> | undefined, timeoutMillis: number, onFailure: () => void): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      onFailure();
      resolve();
    }, timeoutMillis);
    const end = (ok: boolean) => {
      clearTimeout(timer);
      if (!ok) onFailure();
      resolve();
    };
    try {
      const p = run();
      if (p === undefined) end(true);
      else p.then(() => end(true), () => end(false));
    } catch {
      end(false);
    }
  });
}

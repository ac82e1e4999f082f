/**
 * The span fan-out's split when the generated module has an all-sinks span function
 * (`ServicePlan.spans`) and the service was started with an exporter for every sink it covers:
 * each span's attributes are redacted for every sink in one generated pass, and each lane gets
 * its sink's copies, ready to send. Made when the batch is exported, so the copies live only
 * until their sink has sent them.
 *
 * Fails closed like the per-sink copies: a span whose attribute pass throws is dropped for
 * every sink (and counted at each); one whose copy for a sink throws is dropped for that sink.
 */
import type { Attributes } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { SpanCopier } from "./copy-span.js";
import type { BatchSplit } from "./fan-out.js";
import type { AllSinksSpanRedactor } from "./redactors.js";
import type { FieldSlot, SinkContext } from "./sink-context.js";
import { spanMemoFor } from "./span-memo.js";

export interface SinkSpanPath {
  readonly r: SinkContext;
  readonly copier: SpanCopier;
  /** What each of the context's counter slots counts (for the whole-span memo, span-memo.ts). */
  readonly slots: readonly FieldSlot[];
}

/** A placeholder of the pass's output slots (never handed to a sink: the pass writes every slot it reports). */
const NO_ATTRIBUTES: Attributes = Object.freeze({});

/** `sinks[i]` must be the plan's `redactor.sinks[i]`. */
export function redactForEachSink(redactor: AllSinksSpanRedactor, sinks: readonly SinkSpanPath[]): BatchSplit<ReadableSpan> {
  const contexts = sinks.map((s) => s.r);
  const copiers = sinks.map((s) => s.copier);
  const k = sinks.length;
  // recurring spans: their sinks' attributes remembered whole (span-memo.ts)
  const memo = spanMemoFor(redactor, sinks.map((s) => s.slots));
  return (spans) => {
    // The pass's output slots, one array per batch rather than one for the fan-out's life: the
    // pass stores each span's new attribute objects into it, and a store of a young object into
    // an old array (the long-lived one, promoted) goes through V8's write barrier into the
    // remembered set — two per span with the shop's two sinks: 130 instructions per new
    // checkout span fewer (104 in the barrier, 26 in the pass; bench/runtime-instructions-by-
    // function.mjs, tasks fanout and b). Filled with a shared object first, so that its
    // elements are objects from the start (no elements-kind transition).
    const out: Attributes[] = [];
    for (let i = 0; i < k; i++) out.push(NO_ATTRIBUTES);
    // Each sink's batch made at its final length and written by index (a span dropped for a
    // sink leaves it shorter: trimmed at the end), not grown by push: growing a 100-span batch
    // from empty copies its backing store ~8 times, garbage — with both of the shop's sinks,
    // 25–35 bytes per new checkout span of the ~930 cordon allocates (bench/runtime-alloc.mjs).
    const n = spans.length;
    const batches: ReadableSpan[][] = [];
    const filled: number[] = [];
    for (let i = 0; i < k; i++) {
      batches.push(new Array<ReadableSpan>(n));
      filled.push(0);
    }
    for (let j = 0; j < n; j++) {
      const span = spans[j]!;
      let declared: boolean;
      try {
        declared = redactor.span(span.name, span.attributes, contexts, out, memo);
      } catch {
        for (const r of contexts) r.countDroppedOnError(1);
        continue;
      }
      for (let i = 0; i < k; i++) {
        try {
          const copy = declared ? copiers[i]!.copyWith(span, out[i]!) : copiers[i]!.copy(span);
          batches[i]![filled[i]!++] = copy;
        } catch {
          contexts[i]!.countDroppedOnError(1);
        }
      }
    }
    for (let i = 0; i < k; i++) if (filled[i]! < n) batches[i]!.length = filled[i]!;
    return batches;
  };
}

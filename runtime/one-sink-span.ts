/**
 * A sink's span redaction when the generated module redacts its declared span names only in
 * the all-sinks function (`ServicePlan.spans` with `replacesSinkSpans`) and the service was
 * started with trace exporters for only some of those sinks, so the one-pass fan-out
 * (spans-all-sinks.ts) is not used. The all-sinks function then runs for this sink with its
 * own context and, for the other sinks, scratch contexts whose results and counters are thrown
 * away (those sinks have no trace exporter here: nothing of theirs is sent or reported; they
 * neither scan nor hash). That costs a pass per sink instead of one per span, only in that
 * partial set-up. Names the function does not cover go to the sink's own span dispatcher
 * (undeclared names).
 */
import type { Attributes } from "@opentelemetry/api";
import type { Hasher } from "./hash.js";
import type { AllSinksSpanRedactor, ServicePlan, SinkPlan, SinkRedactors } from "./redactors.js";
import { fieldSlots, SinkContext, type FieldSlot } from "./sink-context.js";
import { spanMemoFor, type SpanMemo } from "./span-memo.js";

/** What a scratch context "hashes" to: its results are thrown away, so no HMAC is spent on them. */
const DISCARDED: Hasher = { hash: () => "" };

/**
 * The throw-away context of a sink without an exporter: its slots (the generated code counts on
 * them), no detectors and no hashing (nothing it makes is ever sent).
 */
export function scratchContext(sink: SinkPlan): SinkContext {
  return new SinkContext(sink.name, sink.slots, [], DISCARDED);
}

/**
 * The redaction functions a sink's span copies use: its own, or, when the all-sinks function
 * replaces its span functions and will not run as one pass (`tracedSinks`: the sinks given a
 * trace exporter), its own with `span` going through the all-sinks function.
 *
 * @param scratch makes a throw-away context for another sink (called once per sink, when first
 *   needed): {@link scratchContext}, or one like it
 */
export function spanRedactorsFor(
  plan: ServicePlan,
  tracedSinks: ReadonlySet<string>,
  sink: SinkPlan,
  scratch: (sink: SinkPlan) => SinkContext,
): SinkRedactors {
  const all = plan.spans;
  if (all?.replacesSinkSpans !== true) return sink.redact;
  const index = all.sinks.indexOf(sink.name);
  const onePass = all.sinks.length === tracedSinks.size && all.sinks.every((name) => tracedSinks.has(name));
  if (index < 0 || onePass) return sink.redact;
  const plans = new Map(plan.sinks.map((s) => [s.name, s] as const));
  const other = (k: number): SinkContext => {
    const p = plans.get(all.sinks[k]!);
    // a plan whose all-sinks function names a sink it does not describe: redaction fails, the span is dropped and counted
    if (p === undefined) throw new Error(`cordon: the plan's all-sinks span function names an unknown sink`);
    return scratch(p);
  };
  // the memo's counter slots: each sink's as its plan numbers them (a sink not described gets none: nothing is remembered)
  const slots = all.sinks.map((name) => fieldSlots(plans.get(name)?.slots ?? []));
  return { ...sink.redact, span: oneSinkSpan(all, index, other, sink.redact.span, slots) };
}

function oneSinkSpan(
  all: AllSinksSpanRedactor,
  index: number,
  scratch: (k: number) => SinkContext,
  own: SinkRedactors["span"],
  slots: readonly (readonly FieldSlot[])[],
): SinkRedactors["span"] {
  let contexts: SinkContext[] | undefined;
  let memo: SpanMemo | undefined;
  const out = new Array<Attributes>(all.sinks.length);
  return (name, attributes, r) => {
    if (contexts === undefined || contexts[index] !== r) {
      // a memo holds the results of one set of contexts: a new one for another context of this sink
      contexts = all.sinks.map((_, k) => (k === index ? r : contexts?.[k] ?? scratch(k)));
      memo = spanMemoFor(all, slots);
    }
    return all.span(name, attributes, contexts, out, memo) ? out[index]! : own(name, attributes, r);
  };
}

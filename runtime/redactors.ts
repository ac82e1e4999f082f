/**
 * The contract between a generated module and the runtime: per sink, the straight-line
 * redaction functions the generator wrote, and the data they need (counter slots, detectors).
 */
import type { Attributes } from "@opentelemetry/api";
import type { DetectorSpec, FieldSlot, SinkContext, SlotGroup } from "./sink-context.js";
import type { SpanMemo } from "./span-memo.js";

export type Signal = "traces" | "logs" | "metrics";

/**
 * Generated functions that build the attribute object one sink may receive. Each returns a
 * NEW object (the input is shared with every other sink and never modified).
 */
export interface SinkRedactors {
  span(spanName: string, attributes: Attributes, r: SinkContext): Attributes;
  event(spanName: string, eventName: string, attributes: Attributes, r: SinkContext): Attributes;
  log(attributes: Attributes, r: SinkContext): Attributes;
  metric(metricName: string, attributes: Attributes, r: SinkContext): Attributes;
  resource(attributes: Attributes, r: SinkContext): Attributes;
}

/** One sink of a service, as the generated module describes it. */
export interface SinkPlan {
  readonly name: string;
  readonly region: string;
  /** The endpoint declared in the contract (`scheme://host[:port][/path]`). */
  readonly endpoint: string;
  /** The signals this service exports to the sink. */
  readonly signals: readonly Signal[];
  readonly undeclared: "drop" | "keep";
  /**
   * Counter slot i counts what the generated functions pass as slot i: as objects, or (what the
   * generator writes, a third of the size) grouped by place, `[where, key, action, key, action, …]`
   * in slot order. {@link fieldSlots} reads either.
   */
  readonly slots: readonly FieldSlot[] | readonly SlotGroup[];
  readonly detectors: readonly DetectorSpec[];
  readonly redact: SinkRedactors;
}

/**
 * Span attributes for every sink receiving traces in one generated pass (each key read and
 * type-checked once). `span` writes sink i's attributes (of `sinks[i]`, with the context
 * `contexts[i]`) into `out[i]`, counting on the same slots as that sink's `redact.span`; it
 * returns false, writing nothing, for a span name the contract does not declare.
 * With a memo, sink i's attributes may be a frozen object shared with earlier spans that
 * carried the same values (span-memo.ts).
 */
export interface AllSinksSpanRedactor {
  readonly sinks: readonly string[];
  span(spanName: string, attributes: Attributes, contexts: readonly SinkContext[], out: Attributes[], memo?: SpanMemo): boolean;
  /**
   * Per generated function (the `fn` its memo calls pass), per sink: the counter slot of its
   * first key. With it the runtime hands `span` a {@link SpanMemo} for those contexts
   * (span-memo.ts). Modules generated before 0.3 leave it out (and take no memo).
   */
  readonly firstSlots?: readonly (readonly number[])[];
  /**
   * True when the sinks' own `redact.span` functions do not redact the span names this function
   * covers (they treat them as undeclared): the runtime then uses this function for those names
   * even for a single sink (one-sink-span.ts). Modules generated before 0.2 write per-sink
   * functions for every name and leave this out.
   */
  readonly replacesSinkSpans?: boolean;
}

/** A service's telemetry plan: what `createTelemetry` of a generated module hands the runtime. */
export interface ServicePlan {
  readonly service: string;
  /** `sha256:…` of the contract set the module was generated from. */
  readonly digest: string;
  /** True when some field or detector at some sink hashes: a hash key is then required. */
  readonly hashes: boolean;
  readonly sinks: readonly SinkPlan[];
  /** Present when two or more sinks receive traces and none keeps undeclared keys. */
  readonly spans?: AllSinksSpanRedactor;
}

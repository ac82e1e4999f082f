/**
 * The fixed parts of a generated module: imports and the typed helpers. This text holds no
 * contract data at all; everything contract-specific is written through literal.ts (module.ts).
 */

/**
 * The package every generated module imports its runtime from: `@cordon/runtime` (runtime/),
 * which depends only on `@opentelemetry/*`, so a service never installs the compiler. (Modules
 * generated before it was split off import `cordon/runtime`, which cordon still re-exports.)
 */
export const RUNTIME_PACKAGE = "@cordon/runtime";

export const IMPORTS = `import type { Attributes, Context, Meter, MetricOptions, Span, SpanOptions, TimeInput, Tracer } from "@opentelemetry/api";
import type { Logger, SeverityNumber } from "@opentelemetry/api-logs";
import {
  addEventTo,
  createInstrumentWith,
  createTelemetryFromPlan,
  emitLogWith,
  setAttributesOn,
  startActiveSpanWith,
  startSpanWith,
  type ServicePlan,
  type SinkContext,
  type SpanMemo,
  type Telemetry,
  type TelemetryOptions,
} from ${JSON.stringify(RUNTIME_PACKAGE)};
`;

export const HELPERS = `/** Keys of A that T does not declare must be \`never\`: an undeclared key fails to compile. */
export type Exact<T, A> = A & { readonly [K in Exclude<keyof A, keyof T>]: never };

/** Start a declared span with attributes checked against the contract. */
export function startSpan<N extends keyof SpanAttributes, A extends SpanAttributes[N]>(
  tracer: Tracer,
  name: N,
  attributes: Exact<SpanAttributes[N], A>,
  options?: SpanOptions,
  context?: Context,
): Span {
  return startSpanWith(tracer, name, attributes as unknown as Attributes, options, context);
}

/** Start a declared span as the active span, run \`fn\` in it. */
export function startActiveSpan<N extends keyof SpanAttributes, A extends SpanAttributes[N], R>(
  tracer: Tracer,
  name: N,
  attributes: Exact<SpanAttributes[N], A>,
  fn: (span: Span) => R,
): R {
  return startActiveSpanWith(tracer, name, attributes as unknown as Attributes, fn);
}

/** Set more attributes of a declared span (any subset of its fields). */
export function setSpanAttributes<N extends keyof SpanAttributes, A extends Partial<SpanAttributes[N]>>(
  span: Span,
  name: N,
  attributes: Exact<SpanAttributes[N], A>,
): void {
  void name;
  setAttributesOn(span, attributes as unknown as Attributes);
}

/** Add a declared event to a declared span. */
export function addEvent<
  N extends keyof EventAttributes,
  E extends keyof EventAttributes[N] & string,
  A extends EventAttributes[N][E],
>(span: Span, spanName: N, event: E, attributes: Exact<EventAttributes[N][E], A>, time?: TimeInput): void {
  void spanName;
  addEventTo(span, event, attributes as unknown as Attributes, time);
}

/** Emit a log record whose attributes are checked against the contract. */
export function emitLog<A extends LogAttributes>(
  logger: Logger,
  record: {
    attributes: Exact<LogAttributes, A>;
    body?: string;
    severityNumber?: SeverityNumber;
    severityText?: string;
    eventName?: string;
  },
): void {
  emitLogWith(logger, { ...record, attributes: record.attributes as unknown as Attributes });
}

/** A declared instrument: \`add\` for counters, \`record\` for histograms and gauges. */
export type TypedInstrument<M extends keyof MetricAttributes> = (typeof METRIC_INSTRUMENTS)[M] extends
  | "counter"
  | "up-down-counter"
  ? { add<A extends MetricAttributes[M]>(value: number, attributes: Exact<MetricAttributes[M], A>): void }
  : { record<A extends MetricAttributes[M]>(value: number, attributes: Exact<MetricAttributes[M], A>): void };

/** Create a declared instrument on \`meter\`. */
export function createInstrument<M extends keyof MetricAttributes & keyof typeof METRIC_INSTRUMENTS & string>(
  meter: Meter,
  name: M,
  options?: MetricOptions,
): TypedInstrument<M> {
  return createInstrumentWith(meter, METRIC_INSTRUMENTS[name], name, options) as unknown as TypedInstrument<M>;
}
`;

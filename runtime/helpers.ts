/**
 * The untyped bodies of the generated typed helpers: a generated module wraps each in a
 * signature that ties attribute keys and value types to the contract, so a call with an
 * undeclared key or a wrong value type does not compile.
 */
import type { Attributes, Context, Meter, MetricOptions, Span, SpanOptions, TimeInput, Tracer } from "@opentelemetry/api";
import type { Logger, SeverityNumber } from "@opentelemetry/api-logs";

export function startSpanWith(tracer: Tracer, name: string, attributes: Attributes, options?: SpanOptions, context?: Context): Span {
  return tracer.startSpan(name, { ...options, attributes: { ...options?.attributes, ...attributes } }, context);
}

export function startActiveSpanWith<R>(tracer: Tracer, name: string, attributes: Attributes, fn: (span: Span) => R): R {
  return tracer.startActiveSpan(name, { attributes }, fn);
}

export function setAttributesOn(span: Span, attributes: Attributes): void {
  span.setAttributes(attributes);
}

export function addEventTo(span: Span, event: string, attributes: Attributes, time?: TimeInput): void {
  span.addEvent(event, attributes, time);
}

export interface LogRecordInput {
  readonly attributes: Attributes;
  readonly body?: string;
  readonly severityNumber?: SeverityNumber;
  readonly severityText?: string;
  readonly eventName?: string;
}

export function emitLogWith(logger: Logger, record: LogRecordInput): void {
  logger.emit({
    attributes: record.attributes,
    ...(record.body === undefined ? {} : { body: record.body }),
    ...(record.severityNumber === undefined ? {} : { severityNumber: record.severityNumber }),
    ...(record.severityText === undefined ? {} : { severityText: record.severityText }),
    ...(record.eventName === undefined ? {} : { eventName: record.eventName }),
  });
}

export type InstrumentKind = "counter" | "up-down-counter" | "histogram" | "gauge";

/** An instrument that records with attributes of type A. */
export interface RecordingInstrument<A> {
  /** counter, up-down-counter */
  add(value: number, attributes: A): void;
  /** histogram, gauge */
  record(value: number, attributes: A): void;
}

export function createInstrumentWith(meter: Meter, kind: InstrumentKind, name: string, options?: MetricOptions): RecordingInstrument<Attributes> {
  switch (kind) {
    case "counter": {
      const c = meter.createCounter(name, options);
      return { add: (v, a) => c.add(v, a), record: (v, a) => c.add(v, a) };
    }
    case "up-down-counter": {
      const c = meter.createUpDownCounter(name, options);
      return { add: (v, a) => c.add(v, a), record: (v, a) => c.add(v, a) };
    }
    case "histogram": {
      const h = meter.createHistogram(name, options);
      return { add: (v, a) => h.record(v, a), record: (v, a) => h.record(v, a) };
    }
    case "gauge": {
      const g = meter.createGauge(name, options);
      return { add: (v, a) => g.record(v, a), record: (v, a) => g.record(v, a) };
    }
  }
}

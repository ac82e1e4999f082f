/**
 * A per-sink copy of an ended span. The SDK hands one span object to every processor, so a
 * sink never sees a mutation made for another: each sink builds its own ReadableSpan view
 * with its own attribute objects, and the original is never touched.
 */
import type { Attributes, Link, SpanContext } from "@opentelemetry/api";
import type { Resource } from "@opentelemetry/resources";
import type { ReadableSpan, TimedEvent } from "@opentelemetry/sdk-trace-base";
import type { SinkRedactors } from "./redactors.js";
import type { SinkContext } from "./sink-context.js";

export interface SpanCopier {
  copy(span: ReadableSpan): ReadableSpan;
}

export function spanCopier(
  r: SinkContext,
  redact: SinkRedactors,
  resourceFor: (resource: Resource) => Resource,
  keepUndeclared: boolean,
  linkSlot: number,
): SpanCopier {
  return {
    copy(span: ReadableSpan): ReadableSpan {
      const name = span.name;
      const context: SpanContext = span.spanContext();
      const events: TimedEvent[] = new Array(span.events.length);
      for (let i = 0; i < span.events.length; i++) {
        const event = span.events[i]!;
        events[i] = {
          name: event.name,
          time: event.time,
          attributes: redact.event(name, event.name, event.attributes ?? {}, r),
          droppedAttributesCount: event.droppedAttributesCount ?? 0,
        };
      }
      const links: Link[] = span.links.map((link) => ({
        context: link.context,
        attributes: r.undeclaredAttributes(link.attributes, keepUndeclared, linkSlot),
        droppedAttributesCount: link.droppedAttributesCount ?? 0,
      }));
      const status = span.status.message === undefined
        ? { code: span.status.code }
        : { code: span.status.code, message: r.scanText(span.status.message) ?? "" };
      const attributes: Attributes = redact.span(name, span.attributes, r);
      const copy: ReadableSpan = {
        name,
        kind: span.kind,
        spanContext: () => context,
        parentSpanContext: span.parentSpanContext,
        startTime: span.startTime,
        endTime: span.endTime,
        status,
        attributes,
        links,
        events,
        duration: span.duration,
        ended: span.ended,
        resource: resourceFor(span.resource),
        instrumentationScope: span.instrumentationScope,
        droppedAttributesCount: span.droppedAttributesCount,
        droppedEventsCount: span.droppedEventsCount,
        droppedLinksCount: span.droppedLinksCount,
      };
      return copy;
    },
  };
}

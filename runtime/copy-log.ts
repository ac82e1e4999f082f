/**
 * A per-sink copy of a log record: redacted attributes, detectors over the body, a redacted
 * resource. Several sinks share one record; none of them modifies it.
 */
import type { Attributes } from "@opentelemetry/api";
import type { LogBody } from "@opentelemetry/api-logs";
import type { Resource } from "@opentelemetry/resources";
import type { ReadableLogRecord } from "@opentelemetry/sdk-logs";
import type { SinkRedactors } from "./redactors.js";
import type { SinkContext } from "./sink-context.js";

export interface LogCopier {
  copy(record: ReadableLogRecord): ReadableLogRecord;
}

function redactBody(body: LogBody | undefined, r: SinkContext): LogBody | undefined {
  if (body === undefined || !r.hasDetectors) return body;
  if (typeof body === "string") return r.scanText(body);
  // A structured body is not described by the contract: it goes only if no detector fires.
  return r.isClean(body, 0) ? body : undefined;
}

export function logCopier(r: SinkContext, redact: SinkRedactors, resourceFor: (resource: Resource) => Resource): LogCopier {
  return {
    copy(record: ReadableLogRecord): ReadableLogRecord {
      return {
        hrTime: record.hrTime,
        hrTimeObserved: record.hrTimeObserved,
        spanContext: record.spanContext,
        severityText: record.severityText === undefined ? undefined : r.scanName(record.severityText),
        severityNumber: record.severityNumber,
        body: redactBody(record.body, r),
        eventName: record.eventName === undefined ? undefined : r.scanName(record.eventName),
        resource: resourceFor(record.resource),
        instrumentationScope: r.scanScope(record.instrumentationScope),
        // log attributes may nest maps; the generated function treats them as opaque values
        attributes: redact.log((record.attributes ?? {}) as Attributes, r) as ReadableLogRecord["attributes"],
        droppedAttributesCount: record.droppedAttributesCount,
      };
    },
  };
}

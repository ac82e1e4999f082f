/**
 * The OTLP/HTTP request and response messages, as protobufjs reads them.
 *
 * Field numbers and types are those of opentelemetry-proto v1 (common, resource, trace, logs,
 * metrics and the collector services); only the fields live-check reads are listed. protobufjs
 * skips every field a message does not list (timestamps, ids, counts, bucket arrays), so they
 * cost no allocation, and a newer proto that adds fields still decodes. The e2e tests hold this
 * schema to what the real OpenTelemetry JS exporters send.
 */
import protobuf from "protobufjs";

const PROTO = `
syntax = "proto3";
package otlp;

// AnyValue's members form a oneof in opentelemetry-proto. Declared here as plain fields (the
// same wire format): protobufjs keeps a oneof by deleting the other members on every set,
// which cost a fifth of the decoding time; values.ts reads the first member present.
message AnyValue {
  string string_value = 1;
  bool bool_value = 2;
  int64 int_value = 3;
  double double_value = 4;
  ArrayValue array_value = 5;
  KeyValueList kvlist_value = 6;
  bytes bytes_value = 7;
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; }
message Resource { repeated KeyValue attributes = 1; }

message Status { string message = 2; int32 code = 3; }
message Event { string name = 2; repeated KeyValue attributes = 3; }
message Link { repeated KeyValue attributes = 4; }
message Span {
  string name = 5;
  repeated KeyValue attributes = 9;
  repeated Event events = 11;
  repeated Link links = 13;
  Status status = 15;
}
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }

message LogRecord {
  string severity_text = 3;
  AnyValue body = 5;
  repeated KeyValue attributes = 6;
  string event_name = 12;
}
message ScopeLogs { InstrumentationScope scope = 1; repeated LogRecord log_records = 2; }
message ResourceLogs { Resource resource = 1; repeated ScopeLogs scope_logs = 2; }
message ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1; }

message Exemplar { repeated KeyValue filtered_attributes = 7; }
message NumberDataPoint { repeated KeyValue attributes = 7; repeated Exemplar exemplars = 5; }
message HistogramDataPoint { repeated KeyValue attributes = 9; repeated Exemplar exemplars = 8; }
message ExponentialHistogramDataPoint { repeated KeyValue attributes = 1; repeated Exemplar exemplars = 11; }
message SummaryDataPoint { repeated KeyValue attributes = 7; }
message Gauge { repeated NumberDataPoint data_points = 1; }
message Sum { repeated NumberDataPoint data_points = 1; }
message Histogram { repeated HistogramDataPoint data_points = 1; }
message ExponentialHistogram { repeated ExponentialHistogramDataPoint data_points = 1; }
message Summary { repeated SummaryDataPoint data_points = 1; }
message Metric {
  string name = 1;
  // a oneof in opentelemetry-proto (see AnyValue)
  Gauge gauge = 5;
  Sum sum = 7;
  Histogram histogram = 9;
  ExponentialHistogram exponential_histogram = 10;
  Summary summary = 11;
}
message ScopeMetrics { InstrumentationScope scope = 1; repeated Metric metrics = 2; }
message ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2; }
message ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }

message ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }
message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
message ExportLogsPartialSuccess { int64 rejected_log_records = 1; string error_message = 2; }
message ExportLogsServiceResponse { ExportLogsPartialSuccess partial_success = 1; }
message ExportMetricsPartialSuccess { int64 rejected_data_points = 1; string error_message = 2; }
message ExportMetricsServiceResponse { ExportMetricsPartialSuccess partial_success = 1; }

// google.rpc.Status, the body of an OTLP/HTTP error response.
message RpcStatus { int32 code = 1; string message = 2; }
`;

export type OtlpSignal = "traces" | "logs" | "metrics";

/** The compiled message types: one set per receiver (no module state). */
export interface OtlpTypes {
  readonly request: Readonly<Record<OtlpSignal, protobuf.Type>>;
  readonly response: Readonly<Record<OtlpSignal, protobuf.Type>>;
  readonly status: protobuf.Type;
}

export function otlpTypes(): OtlpTypes {
  const root = protobuf.parse(PROTO, { keepCase: false }).root;
  const type = (name: string) => root.lookupType(`otlp.${name}`);
  return {
    request: {
      traces: type("ExportTraceServiceRequest"),
      logs: type("ExportLogsServiceRequest"),
      metrics: type("ExportMetricsServiceRequest"),
    },
    response: {
      traces: type("ExportTraceServiceResponse"),
      logs: type("ExportLogsServiceResponse"),
      metrics: type("ExportMetricsServiceResponse"),
    },
    status: type("RpcStatus"),
  };
}

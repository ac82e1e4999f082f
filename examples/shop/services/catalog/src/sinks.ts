/**
 * The telemetry endpoints catalog exports to, exactly as contracts/sinks/*.yaml
 * declares them (plus the OTLP signal path). Kept in one place so a sink move is
 * one contract change and one line here; createTelemetry() checks they agree.
 */
export const EU_COLLECTOR_TRACES = "https://otel-collector.eu-west-1.shop.internal:4318/v1/traces";
export const EU_COLLECTOR_LOGS = "https://otel-collector.eu-west-1.shop.internal:4318/v1/logs";
export const EU_COLLECTOR_METRICS = "https://otel-collector.eu-west-1.shop.internal:4318/v1/metrics";
export const VENDOR_APM_TRACES = "https://otlp.us-east-1.apm-vendor.example:4318/v1/traces";
export const VENDOR_APM_METRICS = "https://otlp.us-east-1.apm-vendor.example:4318/v1/metrics";
export const EU_METRICS = "https://metrics.eu-central-1.shop.internal/otlp/v1/metrics";

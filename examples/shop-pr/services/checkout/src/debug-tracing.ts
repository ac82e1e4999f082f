/**
 * PR #1482: "temporary" second trace pipeline for the two-week trial of a new tracing
 * vendor. Enabled with TRACE_TRIAL=1.
 */
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { BatchSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace-base";

export function debugSpanProcessors(): SpanProcessor[] {
  if (process.env.TRACE_TRIAL !== "1") return [];
  const exporter = new OTLPTraceExporter({
    url: "https://ingest.us.tracing-trial.example/v1/traces",
    headers: { authorization: `Bearer ${process.env.TRACE_TRIAL_TOKEN ?? ""}` },
  });
  return [new BatchSpanProcessor(exporter)];
}

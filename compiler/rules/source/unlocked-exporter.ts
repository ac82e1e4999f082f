import type { RuleMeta } from "../../../contracts/finding.js";

export const rule = {
  id: "source/unlocked-exporter",
  severity: "error",
  docs: {
    summary: "An OpenTelemetry exporter is not handed to the generated, region-locked createTelemetry factory.",
    what:
      "A `new OTLPTraceExporter(…)`, `OTLPLogExporter`, `OTLPMetricExporter` or any other `*Exporter` from " +
      "`@opentelemetry/*` whose value never reaches the `exporters` option of the generated `createTelemetry(…)` " +
      "(directly, or through variables, object literals, class members, helper functions, imports and default exports, across the service's files), " +
      "or that reaches it but is also handed to something else directly (a BatchSpanProcessor, a provider, the " +
      "NodeSDK). An exporter without `url` follows OTEL_EXPORTER_OTLP_*ENDPOINT at run time, which the contract " +
      "cannot vouch for. Exporting by configuration counts too: a `new NodeSDK(…)` given no traceExporter or " +
      "spanProcessors (it builds OTLP exporters from OTEL_* variables), an import of " +
      "`@opentelemetry/auto-instrumentations-node/register`, and that module preloaded with `--require`, `-r` or " +
      "`--import` (directly or in NODE_OPTIONS) in a package.json script, Dockerfile, Procfile, compose file or " +
      "Kubernetes manifest under the service's `source:`.",
    why:
      "Only exporters wrapped by the generated module are checked against the sink's declared endpoint and only " +
      "receive telemetry already redacted for that sink. An exporter wired straight into a span processor ships " +
      "raw, unredacted data to wherever its URL (or the environment) points.",
    fix:
      "Pass the exporter to `createTelemetry({ exporters: { traces: { \"<sink>\": exporter } } })` from the " +
      "service's generated module and use the returned spanProcessors / logRecordProcessors / metricReaders.",
    example: [
      "const provider = new NodeTracerProvider({",
      "  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],   // unlocked",
      "});",
      "// fix",
      "const telemetry = createTelemetry({ exporters: { traces: { \"eu-collector\": new OTLPTraceExporter({ url }) } } });",
      "const provider = new NodeTracerProvider({ spanProcessors: telemetry.spanProcessors });",
    ].join("\n"),
  },
} as const satisfies RuleMeta;

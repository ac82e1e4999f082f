/**
 * OpenTelemetry set-up for checkout. Imported first by server.ts.
 *
 * Every exporter is handed to the generated createTelemetry(), which wraps it in the
 * region-locked, per-sink redacting processors compiled from contracts/services/
 * checkout.yaml. It throws at start-up if an exporter's URL is not the endpoint the
 * contract declares for that sink, so a typo here fails the deploy, not the audit.
 */
import { logs } from "@opentelemetry/api-logs";
import { metrics } from "@opentelemetry/api";
import { OTLPLogExporter } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { LoggerProvider } from "@opentelemetry/sdk-logs";
import { MeterProvider } from "@opentelemetry/sdk-metrics";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import { createTelemetry, SERVICE_NAME } from "../../../generated/checkout.js";
import { debugSpanProcessors } from "./debug-tracing.js";

const hashKey = process.env.CORDON_HASH_KEY;
if (!hashKey) {
  // user.id and user.email are hashed on their way to vendor-apm: no key, no start.
  throw new Error("CORDON_HASH_KEY is not set (see runbooks.shop.internal/checkout#secrets)");
}

const telemetry = createTelemetry({
  hashKey,
  exporters: {
    traces: {
      "eu-collector": new OTLPTraceExporter({ url: "https://otel-collector.eu-west-1.shop.internal:4318/v1/traces" }),
      "vendor-apm": new OTLPTraceExporter({
        url: "https://otlp.us-east-1.apm-vendor.example:4318/v1/traces",
        headers: { "x-api-key": process.env.APM_VENDOR_API_KEY ?? "" },
      }),
    },
    logs: {
      "eu-collector": new OTLPLogExporter({ url: "https://otel-collector.eu-west-1.shop.internal:4318/v1/logs" }),
      "eu-logs": new OTLPLogExporter({ url: "https://logs.eu-central-1.shop.internal:4318/v1/logs" }),
    },
    metrics: {
      "eu-collector": new OTLPMetricExporter({ url: "https://otel-collector.eu-west-1.shop.internal:4318/v1/metrics" }),
      "vendor-apm": new OTLPMetricExporter({
        url: "https://otlp.us-east-1.apm-vendor.example:4318/v1/metrics",
        headers: { "x-api-key": process.env.APM_VENDOR_API_KEY ?? "" },
      }),
      "eu-metrics": new OTLPMetricExporter({ url: "https://metrics.eu-central-1.shop.internal/otlp/v1/metrics" }),
    },
  },
});

const resource = resourceFromAttributes({
  [ATTR_SERVICE_NAME]: SERVICE_NAME,
  [ATTR_SERVICE_VERSION]: process.env.RELEASE ?? "dev",
  "deployment.environment.name": process.env.DEPLOY_ENV ?? "local",
});

const tracerProvider = new NodeTracerProvider({
  resource,
  spanProcessors: [...telemetry.spanProcessors, ...debugSpanProcessors()],
});
tracerProvider.register();

const loggerProvider = new LoggerProvider({ resource, processors: telemetry.logRecordProcessors });
logs.setGlobalLoggerProvider(loggerProvider);

const meterProvider = new MeterProvider({ resource, readers: telemetry.metricReaders });
metrics.setGlobalMeterProvider(meterProvider);

/** Flushes everything on SIGTERM so the last orders' spans are not lost on deploys. */
export async function shutdownTelemetry(): Promise<void> {
  await Promise.allSettled([tracerProvider.shutdown(), loggerProvider.shutdown(), meterProvider.shutdown()]);
  await telemetry.shutdown();
}

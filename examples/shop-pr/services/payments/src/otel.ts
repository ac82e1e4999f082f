/**
 * OpenTelemetry set-up for payments (PCI scope).
 *
 * Only EU sinks: the contract lists no third-party sink for payments, so the
 * generated createTelemetry() would refuse a vendor exporter here even if someone
 * added one. Card numbers never reach any exporter: the payment_card class is
 * dropped from telemetry, and the pan detector scrubs free-text values too.
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
import { createTelemetry, SERVICE_NAME } from "../../../generated/payments.js";

const telemetry = createTelemetry({
  hashKey: process.env.CORDON_HASH_KEY ?? "",
  exporters: {
    traces: {
      "eu-collector": new OTLPTraceExporter({ url: "https://otel-collector.eu-west-1.shop.internal:4318/v1/traces" }),
    },
    logs: {
      "eu-collector": new OTLPLogExporter({ url: "https://otel-collector.eu-west-1.shop.internal:4318/v1/logs" }),
      "eu-logs": new OTLPLogExporter({ url: "https://logs.eu-central-1.shop.internal:4318/v1/logs" }),
    },
    metrics: {
      "eu-collector": new OTLPMetricExporter({ url: "https://otel-collector.eu-west-1.shop.internal:4318/v1/metrics" }),
      "eu-metrics": new OTLPMetricExporter({ url: "https://metrics.eu-central-1.shop.internal/otlp/v1/metrics" }),
    },
  },
});

const resource = resourceFromAttributes({
  [ATTR_SERVICE_NAME]: SERVICE_NAME,
  [ATTR_SERVICE_VERSION]: process.env.RELEASE ?? "dev",
  "deployment.environment.name": process.env.DEPLOY_ENV ?? "local",
});

export const tracerProvider = new NodeTracerProvider({ resource, spanProcessors: telemetry.spanProcessors });
tracerProvider.register();

export const loggerProvider = new LoggerProvider({ resource, processors: telemetry.logRecordProcessors });
logs.setGlobalLoggerProvider(loggerProvider);

export const meterProvider = new MeterProvider({ resource, readers: telemetry.metricReaders });
metrics.setGlobalMeterProvider(meterProvider);

export { telemetry };

/**
 * OpenTelemetry set-up for recommendations (homed in us-east-1). US customers' ids may
 * go raw to both US sinks; their e-mail addresses reach either only as an HMAC, which
 * is why the hash key is required here too.
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
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { createTelemetry, SERVICE_NAME } from "../../../generated/recommendations.js";

const US_COLLECTOR = "https://otel-collector.us-east-1.shop.internal:4318";
const VENDOR_APM = "https://otlp.us-east-1.apm-vendor.example:4318";
const vendorHeaders = { "x-api-key": process.env.APM_VENDOR_API_KEY ?? "" };

const telemetry = createTelemetry({
  hashKey: process.env.CORDON_HASH_KEY ?? "",
  exporters: {
    traces: {
      "us-collector": new OTLPTraceExporter({ url: `${US_COLLECTOR}/v1/traces` }),
      "vendor-apm": new OTLPTraceExporter({ url: `${VENDOR_APM}/v1/traces`, headers: vendorHeaders }),
    },
    logs: {
      "us-collector": new OTLPLogExporter({ url: `${US_COLLECTOR}/v1/logs` }),
    },
    metrics: {
      "us-collector": new OTLPMetricExporter({ url: `${US_COLLECTOR}/v1/metrics` }),
      "vendor-apm": new OTLPMetricExporter({ url: `${VENDOR_APM}/v1/metrics`, headers: vendorHeaders }),
    },
  },
});

const resource = resourceFromAttributes({ [ATTR_SERVICE_NAME]: SERVICE_NAME });

new NodeTracerProvider({ resource, spanProcessors: telemetry.spanProcessors }).register();
logs.setGlobalLoggerProvider(new LoggerProvider({ resource, processors: telemetry.logRecordProcessors }));
metrics.setGlobalMeterProvider(new MeterProvider({ resource, readers: telemetry.metricReaders }));

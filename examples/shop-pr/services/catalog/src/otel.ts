/** OpenTelemetry set-up for catalog: everything through the generated, region-locked factory. */
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
import { createTelemetry, SERVICE_NAME } from "../../../generated/catalog.js";
import {
  EU_COLLECTOR_LOGS,
  EU_COLLECTOR_METRICS,
  EU_COLLECTOR_TRACES,
  EU_METRICS,
  VENDOR_APM_METRICS,
  VENDOR_APM_TRACES,
} from "./sinks.js";

const vendorHeaders = { "x-api-key": process.env.APM_VENDOR_API_KEY ?? "" };

// catalog emits no personal data, so nothing hashes and no hashKey is needed.
const telemetry = createTelemetry({
  exporters: {
    traces: {
      "eu-collector": new OTLPTraceExporter({ url: EU_COLLECTOR_TRACES }),
      "vendor-apm": new OTLPTraceExporter({ url: VENDOR_APM_TRACES, headers: vendorHeaders }),
    },
    logs: {
      "eu-collector": new OTLPLogExporter({ url: EU_COLLECTOR_LOGS }),
    },
    metrics: {
      "eu-collector": new OTLPMetricExporter({ url: EU_COLLECTOR_METRICS }),
      "vendor-apm": new OTLPMetricExporter({ url: VENDOR_APM_METRICS, headers: vendorHeaders }),
      "eu-metrics": new OTLPMetricExporter({ url: EU_METRICS }),
    },
  },
});

const resource = resourceFromAttributes({
  [ATTR_SERVICE_NAME]: SERVICE_NAME,
  [ATTR_SERVICE_VERSION]: process.env.RELEASE ?? "dev",
});

new NodeTracerProvider({ resource, spanProcessors: telemetry.spanProcessors }).register();
logs.setGlobalLoggerProvider(new LoggerProvider({ resource, processors: telemetry.logRecordProcessors }));
metrics.setGlobalMeterProvider(new MeterProvider({ resource, readers: telemetry.metricReaders }));

/** The start-up refusals of createTelemetry: region lock and hash key (SPEC §4). */
import { afterEach, describe, expect, it } from "vitest";
import { OTLPLogExporter } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { endpointMatches, parseEndpoint, readExporterEndpoint } from "../../runtime/endpoint.js";
import { useGeneratedModule } from "../codegen/support.js";

const EU = "http://127.0.0.1:4318";
const VENDOR = "http://localhost:4318/vendor";
/** The basic fixture's generated checkout module. */
const mod = useGeneratedModule("basic", "checkout");

const ENV = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"];
afterEach(() => {
  for (const name of ENV) delete process.env[name];
});

describe("endpoint matching", () => {
  const m = (declared: string, found: string) => endpointMatches(parseEndpoint(declared)!, parseEndpoint(found)!);
  it("needs scheme, host and port equal and the path to continue the sink's path", () => {
    expect(m("https://otel.eu.example:4318", "https://otel.eu.example:4318/v1/traces")).toBe(true);
    expect(m("https://otel.eu.example", "https://otel.eu.example:443/v1/traces")).toBe(true);
    expect(m("https://otel.eu.example:4318", "http://otel.eu.example:4318/v1/traces")).toBe(false);
    expect(m("https://otel.eu.example:4318", "https://otel.us.example:4318/v1/traces")).toBe(false);
    expect(m("https://otel.eu.example:4318", "https://otel.eu.example:4319/v1/traces")).toBe(false);
    expect(m("https://h:1/vendor", "https://h:1/vendor/v1/traces")).toBe(true);
    expect(m("https://h:1/vendor", "https://h:1/vendorx/v1/traces")).toBe(false);
    expect(m("https://h:1/vendor", "https://h:1/v1/traces")).toBe(false);
  });

  it("reads the URL an OTLP exporter resolved: explicit url first, then the env vars", () => {
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = "http://elsewhere.example:9999";
    expect(readExporterEndpoint(new OTLPTraceExporter({ url: `${EU}/v1/traces` }))).toBe(`${EU}/v1/traces`);
    expect(readExporterEndpoint(new OTLPTraceExporter())).toBe("http://elsewhere.example:9999/v1/traces");
    process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = "http://specific.example:1/t";
    expect(readExporterEndpoint(new OTLPTraceExporter())).toBe("http://specific.example:1/t");
    expect(readExporterEndpoint(new InMemorySpanExporter())).toBeUndefined();
  });
});

describe("createTelemetry refuses to start", () => {
  const KEY = { hashKey: "k" };

  it("when OTEL_EXPORTER_OTLP_ENDPOINT sends a sink's exporter elsewhere", () => {
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = "http://elsewhere.example:4318";
    const exporter = new OTLPTraceExporter();
    expect(() => mod().createTelemetry({ ...KEY, exporters: { traces: { "eu-collector": exporter } } })).toThrow(
      /sink "eu-collector" sends to http:\/\/elsewhere\.example:4318\/v1\/traces.*declares the sink's endpoint as http:\/\/127\.0\.0\.1:4318.*OTEL_EXPORTER_OTLP_ENDPOINT/s,
    );
  });

  it("but an explicit url beats the env var", () => {
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = "http://elsewhere.example:4318";
    const telemetry = mod().createTelemetry({ ...KEY, exporters: { traces: { "eu-collector": new OTLPTraceExporter({ url: `${EU}/v1/traces` }) } } });
    expect(telemetry.spanProcessors).toHaveLength(1);
    return telemetry.shutdown();
  });

  it("when an exporter is for the wrong sink's endpoint or a path outside the sink's", () => {
    expect(() =>
      mod().createTelemetry({ ...KEY, exporters: { traces: { "vendor-apm": new OTLPTraceExporter({ url: `${EU}/v1/traces` }) } } }),
    ).toThrow(/vendor-apm.*http:\/\/127\.0\.0\.1:4318\/v1\/traces.*http:\/\/localhost:4318\/vendor/s);
    expect(() =>
      mod().createTelemetry({ ...KEY, exporters: { logs: { "vendor-apm": new OTLPLogExporter({ url: "http://localhost:4318/other/v1/logs" }) } } }),
    ).toThrow(/vendor-apm/);
    expect(() =>
      mod().createTelemetry({ ...KEY, exporters: { traces: { "vendor-apm": new OTLPTraceExporter({ url: `${VENDOR}/v1/traces` }) } } }).shutdown(),
    ).not.toThrow();
  });

  it("when an exporter is given for a sink the service does not declare", () => {
    expect(() => mod().createTelemetry({ ...KEY, exporters: { traces: { "us-backup": new OTLPTraceExporter({ url: `${EU}/v1/traces` }) } } })).toThrow(
      /sink "us-backup", which service "checkout" does not declare.*eu-collector at http:\/\/127\.0\.0\.1:4318, vendor-apm at http:\/\/localhost:4318\/vendor.*sends to http:\/\/127\.0\.0\.1:4318\/v1\/traces/s,
    );
    expect(() => mod().createTelemetry({ ...KEY, exporters: { traces: { __proto__: new InMemorySpanExporter() } } })).not.toThrow();
  });

  it("when the endpoint cannot be read, unless assertRegion vouches with the sink's region", () => {
    const exporters = { traces: { "vendor-apm": new InMemorySpanExporter() } };
    expect(() => mod().createTelemetry({ ...KEY, exporters })).toThrow(/cannot read the endpoint.*vendor-apm.*http:\/\/localhost:4318\/vendor.*assertRegion/s);
    expect(() => mod().createTelemetry({ ...KEY, exporters, assertRegion: { "vendor-apm": "eu-west-1" } })).toThrow(/us-east-1/);
    expect(mod().createTelemetry({ ...KEY, exporters, assertRegion: { "vendor-apm": "us-east-1" } }).spanProcessors).toHaveLength(1);
  });

  it("when the contract hashes and no hash key is given", () => {
    const exporters = { traces: { "vendor-apm": new OTLPTraceExporter({ url: `${VENDOR}/v1/traces` }) } };
    expect(() => mod().createTelemetry({ exporters })).toThrow(/needs a hashKey/);
    expect(() => mod().createTelemetry({ exporters, hashKey: "" })).toThrow(/needs a hashKey/);
  });
});

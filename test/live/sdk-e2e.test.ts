/**
 * live-check end to end with the real OpenTelemetry JS SDK and its OTLP exporters, over
 * http/protobuf (gzip) and http/json: the CLI runs as its own process per output format, the
 * SDK exports the same telemetry to each, and every finding is checked for rule, subject,
 * count and contract location; coverage is checked field by field; and no received value may
 * appear in any output format.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trace } from "@opentelemetry/api";
import { OTLPLogExporter as JsonLogExporter } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPLogExporter as ProtoLogExporter } from "@opentelemetry/exporter-logs-otlp-proto";
import { OTLPMetricExporter as JsonMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as ProtoMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { OTLPTraceExporter as JsonTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtoTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchLogRecordProcessor, LoggerProvider } from "@opentelemetry/sdk-logs";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { REPO } from "../helpers/cli.js";
import { lineOf, startLiveCheck, type LiveExit } from "./support.js";

const CONTRACTS = join(REPO, "examples", "shop", "contracts");
const CHECKOUT_YAML = join(CONTRACTS, "services", "checkout.yaml");
const CHECKOUT_FILE = "examples/shop/contracts/services/checkout.yaml";

/** Every value sent: none of them may be printed by any format. */
const RAW = ["+49 170 1234567", "+49 170 7654321", "jane.doe@example.com", "three", "o-1001", "o-1002", "tok_abc123", "SAVE10", "insufficient_funds", "dbg-77", "ghost-value"];

type Protocol = "http/protobuf" | "http/json";
const FORMATS: Record<Protocol, readonly string[]> = {
  "http/protobuf": ["json", "text", "sarif"],
  "http/json": ["json", "github", "markdown"],
};

/** Export the scenario through real SDK providers to every receiver, then shut the providers down. */
async function emit(protocol: Protocol, urls: readonly string[]): Promise<void> {
  const proto = protocol === "http/protobuf";
  const traceExporter = (url: string) =>
    proto ? new ProtoTraceExporter({ url: `${url}/v1/traces`, compression: "gzip" as never }) : new JsonTraceExporter({ url: `${url}/v1/traces` });
  const logExporter = (url: string) =>
    proto ? new ProtoLogExporter({ url: `${url}/v1/logs`, compression: "gzip" as never }) : new JsonLogExporter({ url: `${url}/v1/logs` });
  const metricExporter = (url: string) =>
    proto ? new ProtoMetricExporter({ url: `${url}/v1/metrics`, compression: "gzip" as never }) : new JsonMetricExporter({ url: `${url}/v1/metrics` });

  const resource = resourceFromAttributes({ "service.name": "checkout", "service.version": "1.4.2" });
  const tracerProvider = new NodeTracerProvider({ resource, spanProcessors: urls.map((url) => new BatchSpanProcessor(traceExporter(url))) });
  const loggerProvider = new LoggerProvider({ resource, processors: urls.map((url) => new BatchLogRecordProcessor({ exporter: logExporter(url) })) });
  const meterProvider = new MeterProvider({
    resource,
    readers: urls.map((url) => new PeriodicExportingMetricReader({ exporter: metricExporter(url), exportIntervalMillis: 3_600_000 })),
  });
  const ghostProvider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": "ghost" }),
    spanProcessors: urls.map((url) => new BatchSpanProcessor(traceExporter(url))),
  });

  const tracer = tracerProvider.getTracer("live-e2e");
  tracer
    .startSpan("checkout.place_order", {
      attributes: { "order.id": "o-1001", "cart.total": 12.5, "cart.items": 3, "payment.method": "card", "user.phone": "+49 170 1234567" },
    })
    .end();
  const declined = tracer.startSpan("checkout.place_order", {
    attributes: {
      "order.id": "o-1002",
      "cart.total": 20, // an int on the wire: a lossless double
      "cart.items": "three",
      "payment.method": "jane.doe@example.com",
      "user.phone": "+49 170 7654321",
    },
  });
  declined.addEvent("payment.declined", { "decline.reason": "insufficient_funds", "decline.debug": "dbg-77" });
  declined.end();
  // 0 leaves the JS protobuf serializer as an AnyValue with no member: not a wrong type
  tracer.startSpan("checkout.get_cart", { attributes: { "cart.items": 0 } }).end();
  ghostProvider.getTracer("ghost").startSpan("anything", { attributes: { "ghost.key": "ghost-value" } }).end();

  loggerProvider.getLogger("live-e2e").emit({ body: "order placed", attributes: { "order.id": "o-1001", "session.token": "tok_abc123" } });
  meterProvider.getMeter("live-e2e").createCounter("checkout.orders").add(1, { "payment.method": "card", "order.coupon": "SAVE10" });

  // Shutting down flushes once (a forceFlush first would export the cumulative point twice).
  await Promise.all([tracerProvider.shutdown(), ghostProvider.shutdown(), loggerProvider.shutdown(), meterProvider.shutdown()]);
}

const outputs = new Map<Protocol, Map<string, LiveExit>>();

beforeAll(async () => {
  for (const protocol of ["http/protobuf", "http/json"] as const) {
    const formats = FORMATS[protocol];
    const processes = await Promise.all(formats.map((format) => startLiveCheck(["--contracts", CONTRACTS, "--format", format, "--until-idle", "0"])));
    await emit(protocol, processes.map((p) => p.url));
    const exits = await Promise.all(processes.map((p) => p.stop()));
    outputs.set(protocol, new Map(formats.map((format, i) => [format, exits[i]!])));
  }
  trace.disable();
});

afterAll(() => trace.disable());

const yaml = readFileSync(CHECKOUT_YAML, "utf8");
const EXPECTED = [
  { rule: "live/undeclared-field", subject: "checkout/span:checkout.place_order/user.phone", count: 2, line: lineOf(yaml, "- name: checkout.place_order") },
  {
    rule: "live/undeclared-field",
    subject: "checkout/span:checkout.place_order/event:payment.declined/decline.debug",
    count: 1,
    line: lineOf(yaml, "- name: payment.declined"),
  },
  { rule: "live/wrong-type", subject: "checkout/span:checkout.place_order/cart.items", count: 1, line: lineOf(yaml, "cart.items:", "- name: checkout.place_order") },
  {
    rule: "live/misclassified",
    subject: "checkout/span:checkout.place_order/payment.method",
    count: 1,
    line: lineOf(yaml, "payment.method:", "- name: checkout.place_order"),
  },
  { rule: "live/undeclared-field", subject: "checkout/log/session.token", count: 1, line: lineOf(yaml, "  logs:") },
  { rule: "live/undeclared-field", subject: "checkout/metric:checkout.orders/order.coupon", count: 1, line: lineOf(yaml, "- name: checkout.orders") },
  { rule: "live/unknown-service", subject: "ghost", count: 1, line: null },
].sort((a, b) => a.subject.localeCompare(b.subject));

describe.each(["http/protobuf", "http/json"] as const)("over %s", (protocol) => {
  const json = () => JSON.parse(outputs.get(protocol)!.get("json")!.stdout);

  it("exits 1 and reports every finding with its rule, subject, count and contract location", () => {
    expect(outputs.get(protocol)!.get("json")!.code).toBe(1);
    const findings = json()
      .findings.map((f: { rule: string; subject: string; count: number; file: string | null; line: number | null }) => ({
        rule: f.rule,
        subject: f.subject,
        count: f.count,
        line: f.line,
        file: f.file,
      }))
      .sort((a: { subject: string }, b: { subject: string }) => a.subject.localeCompare(b.subject));
    expect(findings).toEqual(EXPECTED.map((e) => ({ ...e, file: e.line === null ? null : CHECKOUT_FILE })));
    expect(json().summary).toEqual({ errors: 6, warnings: 1, waived: 0 });
  });

  it("keeps one redacted example per finding", () => {
    const bySubject = new Map(json().findings.map((f: { subject: string; example?: string }) => [f.subject, f.example]));
    expect(bySubject.get("checkout/span:checkout.place_order/user.phone")).toBe('"+99 999 9999999" (string, 15 characters)');
    expect(bySubject.get("checkout/span:checkout.place_order/payment.method")).toBe('"xxxx.xxx@xxxxxxx.xxx" (string, 20 characters)');
    expect(bySubject.get("checkout/span:checkout.place_order/cart.items")).toBe('"xxxxx" (string, 5 characters)');
  });

  it("says which declared fields of the service arrived and which never did", () => {
    const coverage = json().coverage.checkout;
    expect(coverage.seen.sort()).toEqual(
      [
        "resource/service.name",
        "resource/service.version",
        "span:checkout.place_order/order.id",
        "span:checkout.place_order/cart.total",
        "span:checkout.place_order/cart.items",
        "span:checkout.place_order/payment.method",
        "span:checkout.place_order/event:payment.declined/decline.reason",
        "span:checkout.get_cart/cart.items",
        "log/order.id",
        "metric:checkout.orders/payment.method",
      ].sort(),
    );
    expect(coverage.neverSeen).toContain("span:checkout.place_order/user.email");
    expect(coverage.neverSeen).toContain("resource/deployment.environment.name");
    // resource 3, checkout.place_order 11 + events 1 + 3, checkout.get_cart 6, logs 6, metrics 3 + 1
    expect(coverage.seen.length + coverage.neverSeen.length).toBe(34);
    expect(coverage.records).toBe(5); // 3 spans, 1 log record, 1 metric point
    expect(json().coverage.payments).toMatchObject({ records: 0, seen: [] });
  });

  it("never prints a received value, in any format", () => {
    for (const [format, exit] of outputs.get(protocol)!) {
      expect(exit.stdout.length, format).toBeGreaterThan(0);
      for (const raw of RAW) {
        expect(exit.stdout.includes(raw), `${format} prints ${raw}`).toBe(false);
        expect(exit.stderr.includes(raw), `${format} stderr prints ${raw}`).toBe(false);
      }
    }
  });

  it("prints the same findings in every format", () => {
    for (const [format, exit] of outputs.get(protocol)!) {
      expect(exit.code, format).toBe(1);
      if (format === "json") continue;
      for (const expected of EXPECTED) {
        if (format === "text" || format === "github") {
          // text and github name the rule and location; the message names the key
          expect(exit.stdout, format).toContain(expected.rule);
        } else expect(exit.stdout, format).toContain(expected.subject);
      }
    }
    const sarif = JSON.parse(outputs.get(protocol)!.get("sarif")?.stdout ?? "null");
    if (sarif) {
      expect(sarif.runs[0].results).toHaveLength(EXPECTED.length);
      expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toContain("live/misclassified");
    }
  });
});

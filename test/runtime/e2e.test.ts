/**
 * End to end with the real SDK: a module generated from test/fixtures/codegen/basic, the
 * real OTLP/HTTP exporters, two receivers on 127.0.0.1 standing for an EU collector and a US
 * vendor. What arrives is decoded and checked per sink.
 */
import { createHmac } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trace } from "@opentelemetry/api";
import { SeverityNumber } from "@opentelemetry/api-logs";
import { OTLPLogExporter } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { LoggerProvider } from "@opentelemetry/sdk-logs";
import { MeterProvider } from "@opentelemetry/sdk-metrics";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { generateFixture, removeGenerated } from "../codegen/support.js";
import { logsOf, pointsOf, spansOf, startReceiver, type Receiver } from "./otlp-receiver.js";

const KEY = "test-hash-key-0123456789";
const hmac = (v: string) => `hmac-sha256:${createHmac("sha256", KEY).update(v).digest("hex")}`;

let eu: Receiver;
let vendor: Receiver;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let mod: any;
let dir: string | undefined;

beforeAll(async () => {
  eu = await startReceiver();
  vendor = await startReceiver();
  const generated = await generateFixture(
    "basic",
    new Map([
      ["http://127.0.0.1:4318", eu.url],
      ["http://localhost:4318/vendor", `${vendor.url}/vendor`],
    ]),
  );
  dir = generated.dir;
  mod = await import(join(generated.dir, "checkout.src.ts"));

  const telemetry = mod.createTelemetry({
    hashKey: KEY,
    exporters: {
      traces: {
        "eu-collector": new OTLPTraceExporter({ url: `${eu.url}/v1/traces` }),
        "vendor-apm": new OTLPTraceExporter({ url: `${vendor.url}/vendor/v1/traces` }),
      },
      logs: {
        "eu-collector": new OTLPLogExporter({ url: `${eu.url}/v1/logs` }),
        "vendor-apm": new OTLPLogExporter({ url: `${vendor.url}/vendor/v1/logs` }),
      },
      metrics: {
        "eu-collector": new OTLPMetricExporter({ url: `${eu.url}/v1/metrics` }),
        "vendor-apm": new OTLPMetricExporter({ url: `${vendor.url}/vendor/v1/metrics` }),
      },
    },
    metricReader: { exportIntervalMillis: 60_000 },
  });
  const resource = resourceFromAttributes({ "service.name": "checkout", "host.name": "db-host-7" });
  const tracerProvider = new NodeTracerProvider({ resource, spanProcessors: telemetry.spanProcessors });
  const loggerProvider = new LoggerProvider({ resource, processors: telemetry.logRecordProcessors });
  const meterProvider = new MeterProvider({ resource, readers: telemetry.metricReaders });

  const tracer = tracerProvider.getTracer("e2e");
  const span = mod.startSpan(tracer, "checkout.place_order", {
    "order.id": "o-1",
    "user.email": "alice@example.com",
    "user.id": "user-123456",
    "payment.card_number": "4111 1111 1111 1111",
    "cart.total": 12.5,
    "cart.items": 3,
    "promo.code": "SUMMER2026",
    "shipping.note": "leave at door",
    tags: ["blue", "gift"],
    gift: true,
  });
  span.setAttribute("http.secret", "s3cr3t");
  span.setAttribute("debug.note", "card 4242424242424242");
  mod.addEvent(span, "checkout.place_order", "payment.declined", {
    "decline.reason": "call bob@example.org",
    "user.email": "alice@example.com",
  });
  span.end();
  const other = tracer.startSpan("undeclared.span", { attributes: { "order.id": "o-2" } });
  other.end();
  const tagged = mod.startSpan(tracer, "checkout.place_order", { "order.id": "o-3", tags: ["ok", "4111-1111-1111-1111"] });
  tagged.end();

  const logger = loggerProvider.getLogger("e2e");
  mod.emitLog(logger, {
    attributes: { "user.id": "user-123456", "log.message_id": "m-1" },
    body: "paid with 4111 1111 1111 1111",
    severityNumber: SeverityNumber.INFO,
  });
  logger.emit({ body: "plain", attributes: { "log.message_id": "m-2", "x.secret": "z" } });

  const meter = meterProvider.getMeter("e2e");
  const orders = mod.createInstrument(meter, "checkout.orders");
  orders.add(1, { "payment.method": "card", "user.id": "user-0001" });
  orders.add(2, { "payment.method": "card", "user.id": "user-0001", "x.undeclared": "a" } as never);
  orders.add(4, { "payment.method": "card", "user.id": "user-0001", "x.undeclared": "b" } as never);

  await telemetry.forceFlush();
  await tracerProvider.shutdown();
  await loggerProvider.shutdown();
  await meterProvider.shutdown();
  (globalThis as { __stats?: unknown }).__stats = telemetry.stats.snapshot();
});

afterAll(async () => {
  await eu?.close();
  await vendor?.close();
  trace.disable();
  await removeGenerated(dir);
});

describe("spans", () => {
  it("the EU collector gets raw personal data, never card numbers or undeclared keys", () => {
    const spans = spansOf(eu.received);
    const order = spans.find((s) => s.attributes["order.id"] === "o-1")!;
    expect(order).toBeDefined();
    expect({ ...order.attributes }).toEqual({
      "order.id": "o-1",
      "user.email": "alice@example.com",
      "user.id": "user-123456",
      "cart.total": 12.5,
      "cart.items": 3,
      "promo.code": "SUMMER2026",
      "shipping.note": "leave at door",
      tags: ["blue", "gift"],
      gift: true,
    });
    expect(order.events).toEqual([
      { name: "payment.declined", attributes: expect.objectContaining({ "decline.reason": "call bob@example.org", "user.email": "alice@example.com" }) },
    ]);
    expect({ ...order.resource }).toEqual({ "service.name": "checkout" });
    expect(eu.received.every((r) => r.path === "/v1/traces" || r.path === "/v1/logs" || r.path === "/v1/metrics")).toBe(true);
  });

  it("the US vendor gets hashed, masked, truncated, replaced values and nothing else", () => {
    const spans = spansOf(vendor.received);
    const order = spans.find((s) => s.attributes["order.id"] === "o-1")!;
    expect({ ...order.attributes }).toEqual({
      "order.id": "o-1",
      "user.email": hmac("alice@example.com"),
      "user.id": "*******3456",
      "cart.total": 12.5,
      "cart.items": 3,
      "promo.code": "SUM",
      "shipping.note": "<redacted>",
      tags: ["blue", "gift"],
      gift: true,
    });
    // the kept event attribute hides an e-mail: the whole value takes `personal`'s action (hash)
    expect({ ...order.events[0]!.attributes }).toEqual({
      "decline.reason": hmac("call bob@example.org"),
      "user.email": hmac("alice@example.com"),
    });
    expect(vendor.received.every((r) => r.path.startsWith("/vendor/v1/"))).toBe(true);
  });

  it("undeclared spans keep their name but lose every attribute; detector hits drop the attribute", () => {
    for (const receiver of [eu, vendor]) {
      const spans = spansOf(receiver.received);
      expect(spans.find((s) => s.name === "undeclared.span")!.attributes).toEqual({});
      const tagged = spans.find((s) => s.attributes["order.id"] === "o-3")!;
      expect(tagged.attributes.tags).toBeUndefined();
    }
  });

  it("no raw card number, and no raw e-mail at the vendor, in any byte received", () => {
    for (const r of [...eu.received, ...vendor.received]) {
      expect(r.raw).not.toMatch(/4111[ -]?1111[ -]?1111[ -]?1111|4242424242424242|s3cr3t|db-host-7/);
    }
    for (const r of vendor.received) expect(r.raw).not.toMatch(/alice@example\.com|bob@example\.org|user-123456/);
  });
});

describe("logs", () => {
  it("redacts log attributes per sink and drops a body holding a card number", () => {
    const euLogs = logsOf(eu.received);
    const vendorLogs = logsOf(vendor.received);
    expect(euLogs).toHaveLength(2);
    expect(vendorLogs).toHaveLength(2);
    const euFirst = euLogs.find((l) => l.attributes["log.message_id"] === "m-1")!;
    expect({ ...euFirst.attributes }).toEqual({ "user.id": "user-123456", "log.message_id": "m-1" });
    expect(euFirst.body).toBeUndefined();
    const vendorFirst = vendorLogs.find((l) => l.attributes["log.message_id"] === "m-1")!;
    expect({ ...vendorFirst.attributes }).toEqual({ "user.id": "*******3456", "log.message_id": "m-1" });
    const plain = vendorLogs.find((l) => l.attributes["log.message_id"] === "m-2")!;
    expect(plain.body).toBe("plain");
    expect({ ...plain.attributes }).toEqual({ "log.message_id": "m-2" });
  });
});

describe("metrics", () => {
  it("redacts point attributes per sink and merges points that became identical", () => {
    // cumulative temporality: flush and shutdown each export the totals; judge the last export
    const last = (r: Receiver) => r.received.filter((x) => x.path.endsWith("/v1/metrics")).slice(-1);
    const euPoints = pointsOf(last(eu)).filter((p) => p.metric === "checkout.orders");
    const vendorPoints = pointsOf(last(vendor)).filter((p) => p.metric === "checkout.orders");
    expect(euPoints.map((p) => ({ ...p.attributes, value: p.value }))).toEqual([
      { "payment.method": "card", "user.id": "user-0001", value: 7 },
    ]);
    expect(vendorPoints.map((p) => ({ ...p.attributes, value: p.value }))).toEqual([
      { "payment.method": "card", "user.id": "*****0001", value: 7 },
    ]);
  });
});

describe("stats", () => {
  it("counts per sink and field what was kept, redacted, dropped and detected", () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const stats = (globalThis as { __stats?: any }).__stats as any[];
    const vendorStats = stats.find((s) => s.sink === "vendor-apm");
    const field = (where: string, key: string) => vendorStats.fields.find((f: any) => f.where === where && f.key === key);
    expect(field("span:checkout.place_order", "user.email")).toMatchObject({ action: "hash", count: 1 });
    expect(field("span:checkout.place_order", "payment.card_number")).toMatchObject({ action: "drop", count: 1 });
    expect(field("span:checkout.place_order", "*")).toMatchObject({ action: "drop", count: 2 });
    expect(vendorStats.exported.spans).toBe(3);
    expect(vendorStats.exported.logs).toBe(2);
    const hits = Object.fromEntries(vendorStats.detectors.map((d: any) => [d.detector, d.hits]));
    expect(hits.email).toBeGreaterThanOrEqual(1);
    expect(hits.pan).toBeGreaterThanOrEqual(2);
  });
});

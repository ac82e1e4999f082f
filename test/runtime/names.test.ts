/**
 * Detectors over every string that leaves (SPEC §1.8): span names, event names, status
 * messages, instrumentation scope names, log event names and severity text — not only
 * attribute values. Real SDK, the basic fixture's generated module, in-memory exporters.
 * At eu-collector a card number may not go raw (payment_card: drop); at vendor-apm neither a
 * card number nor an e-mail (personal: hash).
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SpanStatusCode } from "@opentelemetry/api";
import { InMemoryLogRecordExporter, LoggerProvider } from "@opentelemetry/sdk-logs";
import { BasicTracerProvider, InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import type { DetectorStats } from "../../runtime/sink-context.js";
import { useGeneratedModule } from "../codegen/support.js";

const mod = useGeneratedModule("basic", "checkout");
const KEY = "names-key";
const CARD = "4111 1111 1111 1111";
const EMAIL = "bob@corp.example";
const hmac = (v: string) => `hmac-sha256:${createHmac("sha256", KEY).update(v, "utf8").digest("hex")}`;
const regions = { "eu-collector": "eu-west-1", "vendor-apm": "us-east-1" };

describe("names", () => {
  it("span names, event names, status messages and scope names go through each sink's detectors", async () => {
    const eu = new InMemorySpanExporter();
    const vendor = new InMemorySpanExporter();
    const telemetry = mod().createTelemetry({ hashKey: KEY, exporters: { traces: { "eu-collector": eu, "vendor-apm": vendor } }, assertRegion: regions });
    const provider = new BasicTracerProvider({ spanProcessors: telemetry.spanProcessors });
    const tracer = provider.getTracer(`lib for ${EMAIL}`, "1.0");
    const span = tracer.startSpan(`GET /users/${EMAIL}/card/${CARD}`);
    span.addEvent(`card ${CARD} declined`);
    span.addEvent(`mail to ${EMAIL}`);
    span.addEvent("clean event");
    span.setStatus({ code: SpanStatusCode.ERROR, message: `failed for ${EMAIL}` });
    span.end();
    const clean = tracer.startSpan("checkout.place_order", { attributes: { "order.id": "o-1" } });
    clean.end();
    await telemetry.forceFlush();

    const [euSpan, euClean] = eu.getFinishedSpans();
    // a card number's action is drop: the name becomes `redacted`; the e-mail may go raw in the EU
    expect(euSpan!.name).toBe("redacted");
    expect(euSpan!.events.map((e) => e.name)).toEqual(["redacted", `mail to ${EMAIL}`, "clean event"]);
    expect(euSpan!.status.message).toBe(`failed for ${EMAIL}`);
    expect(euSpan!.instrumentationScope.name).toBe(`lib for ${EMAIL}`);
    expect(euClean!.name).toBe("checkout.place_order");

    const [vendorSpan, vendorClean] = vendor.getFinishedSpans();
    expect(vendorSpan!.name).toBe("redacted"); // card (drop) is stricter than e-mail (hash)
    expect(vendorSpan!.events.map((e) => e.name)).toEqual(["redacted", hmac(`mail to ${EMAIL}`), "clean event"]);
    expect(vendorSpan!.status.message).toBe(hmac(`failed for ${EMAIL}`));
    expect(vendorSpan!.instrumentationScope.name).toBe(hmac(`lib for ${EMAIL}`));
    expect(vendorSpan!.instrumentationScope.version).toBe("1.0");
    expect(vendorClean!.name).toBe("checkout.place_order");

    const detectors = (sink: string) => Object.fromEntries(telemetry.stats.sink(sink)!.detectors.map((d: DetectorStats) => [d.detector, d.hits]));
    expect(detectors("eu-collector").pan).toBeGreaterThanOrEqual(2);
    expect(detectors("vendor-apm").email).toBeGreaterThanOrEqual(3);
    await telemetry.shutdown();
  });

  it("log event names, severity text and bodies go through each sink's detectors", async () => {
    const eu = new InMemoryLogRecordExporter();
    const vendor = new InMemoryLogRecordExporter();
    const telemetry = mod().createTelemetry({ hashKey: KEY, exporters: { logs: { "eu-collector": eu, "vendor-apm": vendor } }, assertRegion: regions });
    const provider = new LoggerProvider({ processors: telemetry.logRecordProcessors });
    const logger = provider.getLogger("app");
    logger.emit({ eventName: `login ${EMAIL}`, severityText: `WARN ${CARD}`, body: `card ${CARD}`, attributes: {} });
    logger.emit({ eventName: "order.placed", severityText: "INFO", body: "fine", attributes: {} });
    await telemetry.forceFlush();
    const [euLog, euClean] = eu.getFinishedLogRecords();
    expect(euLog!.eventName).toBe(`login ${EMAIL}`);
    expect(euLog!.severityText).toBe("redacted");
    expect(euLog!.body).toBeUndefined();
    const [vendorLog, vendorClean] = vendor.getFinishedLogRecords();
    expect(vendorLog!.eventName).toBe(hmac(`login ${EMAIL}`));
    expect(vendorLog!.severityText).toBe("redacted");
    expect(vendorClean!.eventName).toBe("order.placed");
    expect(vendorClean!.severityText).toBe("INFO");
    expect(euClean!.body).toBe("fine");
    await telemetry.shutdown();
  });
});

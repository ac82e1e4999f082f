/**
 * SPEC §4 black-box: `cordon build --target ts|collector` run as a user would (the built CLI on a
 * contract folder), and the generated module imported and started with the real OpenTelemetry SDK.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import ts from "typescript";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPLogExporter } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { InMemorySpanExporter, type ReadableSpan, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { LoggerProvider, type LogRecordExporter } from "@opentelemetry/sdk-logs";
import { MeterProvider, type PushMetricExporter } from "@opentelemetry/sdk-metrics";
import { createHmac } from "node:crypto";
import { cordon, REPO } from "../helpers/cli.js";
import { CHECKOUT_HEAD, checkJson, EU_DEPLOYMENT, project } from "./base-set.js";

/** BASE plus a US vendor sink (traces only, with a path) that checkout also sends to. */
const VENDOR = `apiVersion: cordon/v1
kind: Sink
name: vendor-apm
region: us-east-1
endpoint: https://otlp.us.vendor.example:4318/vendor
signals: [traces]
`;
const CHECKOUT = `${CHECKOUT_HEAD}${EU_DEPLOYMENT}telemetry:
  sinks: [eu-collector, vendor-apm]
  spans:
    - name: checkout.place_order
      attributes:
        user.email: { class: personal, type: string }
        order.id: { class: internal, type: string }
`;

/** An output folder inside the repository, so the generated module resolves `@cordon/runtime` and `@opentelemetry/*`. */
function outDir(): string {
  const base = join(REPO, ".cordon-tmp");
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, "s4-"));
}

interface Generated {
  createTelemetry(options: Record<string, unknown>): {
    spanProcessors: unknown[];
    logRecordProcessors: unknown[];
    metricReaders: unknown[];
    shutdown(): Promise<void>;
  };
}

async function buildCheckout(files: Record<string, string | null> = {}): Promise<Generated> {
  const cwd = project({ "vendor.yaml": VENDOR, "checkout.yaml": CHECKOUT, ...files });
  const out = outDir();
  const run = cordon(["build", "--out", out], { cwd });
  expect(run.code, run.stderr).toBe(0);
  return (await import(pathToFileURL(join(out, "checkout.ts")).href)) as Generated;
}

const traces = (sink: string, url: string) => ({ hashKey: "k", exporters: { traces: { [sink]: new OTLPTraceExporter({ url }) } } });

describe("§4 cordon build --target ts", () => {
  it("writes one module per service into generated/ by default, stamped with the contract digest, importing only the runtime and @opentelemetry/*", () => {
    const service = (name: string) => `apiVersion: cordon/v1
kind: Service
name: ${name}
owner: team
tier: tier-2
region: eu-west-1
deployment: { regions: [eu-west-1], strategy: backup-restore, replication: { mode: none }, backup: { interval: 1h, regions: [eu-west-1] } }
`;
    const cwd = project({ "order-api.yaml": service("order-api") });
    const run = cordon(["build"], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(join(cwd, "generated")).sort()).toEqual(["checkout.ts", "order-api.ts"]);
    const digest = checkJson(cwd).stdout.match(/"contractsDigest": "(sha256:[0-9a-f]{64})"/)?.[1];
    expect(digest).toBeDefined();
    for (const file of ["checkout.ts", "order-api.ts"]) {
      const text = readFileSync(join(cwd, "generated", file), "utf8");
      expect(text).toContain(digest!);
      const imports = [...text.matchAll(/\bfrom\s+"([^"]+)"/g)].map((m) => m[1]!);
      expect(imports.length).toBeGreaterThan(0);
      for (const from of imports) expect(from, file).toMatch(/^(@cordon\/runtime|cordon\/runtime|@opentelemetry\/[a-z-]+)$/);
      expect(text).toMatch(/export function createTelemetry\(/);
    }
  });
});

describe("§4 generated modules compile in a strict user project", () => {
  it("under strict, noUnusedLocals and noUnusedParameters (a service with sinks, one without, one with an all-sinks span function)", () => {
    const bare = `apiVersion: cordon/v1
kind: Service
name: bare
owner: team
tier: tier-2
region: eu-west-1
deployment: { regions: [eu-west-1], strategy: backup-restore, replication: { mode: none }, backup: { interval: 1h, regions: [eu-west-1] } }
`;
    const cwd = project({ "vendor.yaml": VENDOR, "checkout.yaml": CHECKOUT, "bare.yaml": bare });
    const out = outDir();
    expect(cordon(["build", "--out", out], { cwd }).code).toBe(0);
    const program = ts.createProgram([join(out, "checkout.ts"), join(out, "bare.ts")], {
      strict: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      exactOptionalPropertyTypes: true,
      noImplicitReturns: true,
      noPropertyAccessFromIndexSignature: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ["node"],
    });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(errors).toEqual([]);
  }, 60_000);
});

describe("§4 createTelemetry: the region lock", () => {
  it("accepts an exporter whose endpoint has the sink's scheme, host, port and a path under the sink's", async () => {
    const mod = await buildCheckout();
    for (const [sink, url] of [
      ["eu-collector", "https://otel.eu.example:4318/v1/traces"],
      ["eu-collector", "https://otel.eu.example:4318"],
      ["vendor-apm", "https://otlp.us.vendor.example:4318/vendor/v1/traces"],
      ["vendor-apm", "https://otlp.us.vendor.example:4318/vendor"],
    ] as const) {
      const telemetry = mod.createTelemetry(traces(sink, url));
      expect(telemetry.spanProcessors.length, `${sink} ${url}`).toBeGreaterThan(0);
      await telemetry.shutdown();
    }
  });

  it("refuses a different scheme, host, port or path, naming the sink, the declared endpoint and the one found", async () => {
    const mod = await buildCheckout();
    for (const url of [
      "http://otel.eu.example:4318/v1/traces",
      "https://otel.us.example:4318/v1/traces",
      "https://otel.eu.example:4319/v1/traces",
    ]) {
      expect(() => mod.createTelemetry(traces("eu-collector", url)), url).toThrow(
        new RegExp(`(?=[\\s\\S]*eu-collector)(?=[\\s\\S]*https://otel\\.eu\\.example:4318)(?=[\\s\\S]*${url.replace(/[.:/]/g, "\\$&")})`),
      );
    }
    expect(() => mod.createTelemetry(traces("vendor-apm", "https://otlp.us.vendor.example:4318/v1/traces"))).toThrow(/vendor-apm/);
  });

  it("checks log and metric exporters too", async () => {
    const mod = await buildCheckout();
    expect(() => mod.createTelemetry({ hashKey: "k", exporters: { logs: { "eu-collector": new OTLPLogExporter({ url: "https://otel.us.example:4318/v1/logs" }) } } })).toThrow(
      /eu-collector[\s\S]*otel\.us\.example|otel\.us\.example[\s\S]*eu-collector/,
    );
    expect(() =>
      mod.createTelemetry({ hashKey: "k", exporters: { metrics: { "eu-collector": new OTLPMetricExporter({ url: "https://otel.us.example:4318/v1/metrics" }) } } }),
    ).toThrow(/eu-collector[\s\S]*otel\.us\.example|otel\.us\.example[\s\S]*eu-collector/);
    const ok = mod.createTelemetry({
      hashKey: "k",
      exporters: {
        logs: { "eu-collector": new OTLPLogExporter({ url: "https://otel.eu.example:4318/v1/logs" }) },
        metrics: { "eu-collector": new OTLPMetricExporter({ url: "https://otel.eu.example:4318/v1/metrics" }) },
      },
    });
    expect(ok.logRecordProcessors.length).toBeGreaterThan(0);
    expect(ok.metricReaders.length).toBeGreaterThan(0);
    await ok.shutdown();
  });

  it("refuses an exporter for a sink the service does not declare", async () => {
    const mod = await buildCheckout({ "other.yaml": "apiVersion: cordon/v1\nkind: Sink\nname: other\nregion: eu-west-1\nendpoint: https://other.eu.example:4318\nsignals: [traces]\n" });
    // Named: the sink, the endpoints the service does declare, and the one found (SPEC §4).
    const declaredAndFound = (sink: string, found: string) =>
      new RegExp(`(?=[\\s\\S]*"${sink}")(?=[\\s\\S]*https://otel\\.eu\\.example:4318)(?=[\\s\\S]*https://otlp\\.us\\.vendor\\.example:4318/vendor)(?=[\\s\\S]*${found.replace(/[.:/]/g, "\\$&")})`);
    const other = "https://other.eu.example:4318/v1/traces";
    expect(() => mod.createTelemetry(traces("other", other))).toThrow(declaredAndFound("other", other));
    const nowhere = "https://otel.eu.example:4318/v1/traces";
    expect(() => mod.createTelemetry(traces("nowhere", nowhere))).toThrow(declaredAndFound("nowhere", nowhere));
    expect(() => mod.createTelemetry({ hashKey: "k", exporters: { traces: { nowhere: new InMemorySpanExporter() } } })).toThrow(/"nowhere"[\s\S]*unreadable/);
  });

  it("refuses an exporter whose endpoint cannot be read unless assertRegion vouches for it", async () => {
    const mod = await buildCheckout();
    const exporters = { traces: { "eu-collector": new InMemorySpanExporter() } };
    expect(() => mod.createTelemetry({ hashKey: "k", exporters })).toThrow(/"eu-collector"[\s\S]*https:\/\/otel\.eu\.example:4318[\s\S]*unreadable/);
    expect(() => mod.createTelemetry({ hashKey: "k", exporters, assertRegion: { "eu-collector": "us-east-1" } })).toThrow(/eu-collector[\s\S]*us-east-1/);
    const telemetry = mod.createTelemetry({ hashKey: "k", exporters, assertRegion: { "eu-collector": "eu-west-1" } });
    expect(telemetry.spanProcessors.length).toBeGreaterThan(0);
    await telemetry.shutdown();
  });
});

describe("§4 createTelemetry: the hot path", () => {
  it("never throws into the application, even when an exporter throws; each sink gets its redacted form", async () => {
    const mod = await buildCheckout();
    const eu = new InMemorySpanExporter();
    const throwing: SpanExporter = {
      export() {
        throw new Error("boom");
      },
      shutdown() {
        throw new Error("boom");
      },
    };
    const telemetry = mod.createTelemetry({
      hashKey: "k",
      exporters: { traces: { "eu-collector": eu, "vendor-apm": throwing } },
      assertRegion: { "eu-collector": "eu-west-1", "vendor-apm": "us-east-1" },
    });
    const provider = new NodeTracerProvider({ spanProcessors: telemetry.spanProcessors as never });
    const tracer = provider.getTracer("t");
    expect(() => {
      const span = tracer.startSpan("checkout.place_order", { attributes: { "user.email": "a@b.example", "order.id": "o-1", extra: "x" } });
      span.setAttribute("user.email", 42 as never);
      span.end();
    }).not.toThrow();
    await expect(provider.forceFlush()).resolves.toBeUndefined();
    const spans: ReadableSpan[] = eu.getFinishedSpans();
    expect(spans).toHaveLength(1);
    expect(spans[0]!.attributes.extra).toBeUndefined();
    await expect(provider.shutdown()).resolves.toBeUndefined();
  });


  it("log and metric exporters that throw never reach the application either", async () => {
    const service = CHECKOUT.replace(
      "  spans:",
      `  logs:
    attributes:
      user.email: { class: personal, type: string }
  metrics:
    - name: checkout.orders
      instrument: counter
      attributes:
        user.email: { class: personal, type: string }
  spans:`,
    );
    const mod = await buildCheckout({ "checkout.yaml": service });
    const calls = { logs: 0, metrics: 0 };
    /** An exporter whose every method throws; its exports are counted under `signal`. */
    const throwing = (signal: keyof typeof calls) => ({
      export() {
        calls[signal]++;
        throw new Error("boom");
      },
      forceFlush(): Promise<void> {
        throw new Error("boom");
      },
      shutdown(): Promise<void> {
        throw new Error("boom");
      },
    });
    const throwingLogs: LogRecordExporter = throwing("logs");
    const throwingMetrics: PushMetricExporter = throwing("metrics");
    const telemetry = mod.createTelemetry({
      hashKey: "k",
      exporters: { logs: { "eu-collector": throwingLogs }, metrics: { "eu-collector": throwingMetrics } },
      assertRegion: { "eu-collector": "eu-west-1" },
    });
    const loggers = new LoggerProvider({ processors: telemetry.logRecordProcessors as never });
    const meters = new MeterProvider({ readers: telemetry.metricReaders as never });
    expect(() => {
      loggers.getLogger("t").emit({ body: "hello a@b.example", attributes: { "user.email": "a@b.example", other: { nested: 1 } as never } });
      meters.getMeter("t").createCounter("checkout.orders").add(1, { "user.email": "a@b.example" });
    }).not.toThrow();
    await expect(loggers.forceFlush()).resolves.toBeUndefined();
    await expect(meters.forceFlush()).resolves.toBeUndefined();
    expect(calls.logs).toBeGreaterThan(0); // the records reached the throwing exporters
    expect(calls.metrics).toBeGreaterThan(0);
    await expect(loggers.shutdown()).resolves.toBeUndefined();
    await expect(meters.shutdown()).resolves.toBeUndefined();
  });
});

describe("§4 createTelemetry: per-sink redaction", () => {
  it("each sink's exporter gets the form its residency allows: raw in the EU, hmac-sha256:<hex> with the key in the US", async () => {
    const mod = await buildCheckout();
    const eu = new InMemorySpanExporter();
    const us = new InMemorySpanExporter();
    const telemetry = mod.createTelemetry({
      hashKey: "secret",
      exporters: { traces: { "eu-collector": eu, "vendor-apm": us } },
      assertRegion: { "eu-collector": "eu-west-1", "vendor-apm": "us-east-1" },
    });
    const provider = new NodeTracerProvider({ spanProcessors: telemetry.spanProcessors as never });
    provider.getTracer("t").startSpan("checkout.place_order", { attributes: { "user.email": "a@b.example", "order.id": "o-1" } }).end();
    await provider.forceFlush();
    expect({ ...eu.getFinishedSpans()[0]!.attributes }).toEqual({ "user.email": "a@b.example", "order.id": "o-1" });
    const hmac = `hmac-sha256:${createHmac("sha256", "secret").update("a@b.example").digest("hex")}`;
    // order.id is internal, which default: deny keeps in the EU: dropped at the US sink.
    expect({ ...us.getFinishedSpans()[0]!.attributes }).toEqual({ "user.email": hmac });
    await provider.shutdown();
  });
});

describe("§4 cordon build --target collector", () => {
  const usable = `apiVersion: cordon/v1
kind: Service
name: open
owner: team
tier: tier-2
region: us-east-1
deployment: { regions: [us-east-1], strategy: backup-restore, replication: { mode: none }, backup: { interval: 1h, regions: [us-east-1] } }
telemetry:
  sinks: [vendor-apm]
  spans:
    - name: open.op
      attributes:
        order.id: { class: internal, type: string }
`;

  it("writes <out>/<region>/otelcol.yaml for each region that can serve a service, and <out>/builder-config.yaml", () => {
    const cwd = project({ "vendor.yaml": VENDOR, "checkout.yaml": CHECKOUT, "open.yaml": usable });
    const out = outDir();
    const run = cordon(["build", "--target", "collector", "--out", out], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["builder-config.yaml", "eu-west-1", "us-east-1"]);
    expect(existsSync(join(out, "eu-west-1", "otelcol.yaml"))).toBe(true);
    expect(existsSync(join(out, "us-east-1", "otelcol.yaml"))).toBe(true);
    expect(readFileSync(join(out, "builder-config.yaml"), "utf8")).toMatch(/otlpreceiver|otlp/);
  });

  it("--region R writes only R's gateway; an undeclared region is a usage error (exit 2)", () => {
    const cwd = project({ "vendor.yaml": VENDOR, "checkout.yaml": CHECKOUT, "open.yaml": usable });
    const out = outDir();
    const run = cordon(["build", "--target", "collector", "--region", "us-east-1", "--out", out], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["builder-config.yaml", "us-east-1"]);
    expect(cordon(["build", "--target", "collector", "--region", "mars-1", "--out", outDir()], { cwd }).code).toBe(2);
  });
});

describe("§4 cordon build: exit codes", () => {
  it("exits 2 on a contract that cannot be parsed, an unknown target or flag, and writes nothing", () => {
    const cwd = project({ "bad.yaml": "apiVersion: cordon/v1\nkind: Sink\nname: x\nendpoint: [\n" });
    const out = join(outDir(), "o");
    expect(cordon(["build", "--out", out], { cwd }).code).toBe(2);
    expect(existsSync(out)).toBe(false);
    const good = project();
    expect(cordon(["build", "--target", "java", "--out", out], { cwd: good }).code).toBe(2);
    expect(cordon(["build", "--nope"], { cwd: good }).code).toBe(2);
  });

  it("exits 2 with a clear message, not an internal error, when --out is a file", () => {
    const cwd = project();
    writeFileSync(join(cwd, "afile"), "");
    for (const target of ["ts", "collector"]) {
      const run = cordon(["build", "--target", target, "--out", "afile"], { cwd });
      expect(run.code, target).toBe(2);
      expect(run.stderr, target).toMatch(/cordon build: --out afile is not a folder/);
      expect(run.stderr, target).not.toMatch(/internal error/);
    }
  });
});

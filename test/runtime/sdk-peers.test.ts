/**
 * The OpenTelemetry SDK packages are optional peer dependencies of @cordon/runtime (runtime/sdk.ts),
 * and @opentelemetry/core is not loaded at all: the few values the runtime took from core are its
 * own now, and must stay core's exactly. And a runtime installed without the SDK must import,
 * build telemetry without exporters, and refuse — naming the packages — exporters it cannot serve.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { context, createContextKey, ROOT_CONTEXT } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { ExportResultCode, getNumberFromEnv, isTracingSuppressed } from "@opentelemetry/core";
import { FanOutExporter, SinkLane, type BatchExporter } from "../../runtime/index.js";
import { EXPORT_FAILED, EXPORT_SUCCESS } from "../../runtime/guard.js";
import { numberFromEnv, sdk, SDK_PACKAGES } from "../../runtime/sdk.js";

const REPO = join(import.meta.dirname, "..", "..");
const runtimePackage = JSON.parse(readFileSync(join(REPO, "runtime", "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

describe("the runtime without @opentelemetry/core", () => {
  it("uses core's ExportResultCode values", () => {
    expect(EXPORT_SUCCESS).toBe(ExportResultCode.SUCCESS);
    expect(EXPORT_FAILED).toBe(ExportResultCode.FAILED);
  });

  it("suppresses tracing around a lane's export with the key core's isTracingSuppressed reads", async () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      const seen: boolean[] = [];
      const exporter: BatchExporter<number> = {
        export(_items, cb) {
          seen.push(isTracingSuppressed(context.active()));
          cb({ code: ExportResultCode.SUCCESS });
        },
        shutdown: async () => undefined,
      };
      const counters = { countDroppedOnBacklog: () => undefined, countExportFailure: () => undefined };
      const fanOut = new FanOutExporter([new SinkLane(exporter, counters, { maxWaitingItems: 10, timeoutMillis: 1000 })]);
      context.with(ROOT_CONTEXT, () => fanOut.export([1, 2], () => undefined));
      await fanOut.forceFlush();
      expect(seen).toEqual([true]);
    } finally {
      context.disable();
    }
  });

  it("suppresses tracing in the context each export starts from (the lane remembers the last one, not the first)", async () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      const KEY = createContextKey("cordon test request");
      const seen: [boolean, unknown][] = [];
      const exporter: BatchExporter<number> = {
        export(_items, cb) {
          seen.push([isTracingSuppressed(context.active()), context.active().getValue(KEY)]);
          cb({ code: ExportResultCode.SUCCESS });
        },
        shutdown: async () => undefined,
      };
      const counters = { countDroppedOnBacklog: () => undefined, countExportFailure: () => undefined };
      const fanOut = new FanOutExporter([new SinkLane(exporter, counters, { maxWaitingItems: 10, timeoutMillis: 1000 })]);
      for (const request of ["a", "a", "b", undefined]) {
        const active = request === undefined ? ROOT_CONTEXT : ROOT_CONTEXT.setValue(KEY, request);
        context.with(active, () => fanOut.export([1], () => undefined));
      }
      await fanOut.forceFlush();
      expect(seen).toEqual([[true, "a"], [true, "a"], [true, "b"], [true, undefined]]);
    } finally {
      context.disable();
    }
  });

  it("reads numbers from the environment as core's getNumberFromEnv does", () => {
    const name = "CORDON_TEST_SDK_PEERS_NUMBER";
    const sample = fc.oneof(
      fc.string(),
      fc.constantFrom("", " ", "\t", "2048", " 12 ", "1e3", "0x10", "-5", "1.5", "Infinity", "NaN", "abc", "0b11", "12abc"),
      fc.double().map(String),
    );
    try {
      fc.assert(
        fc.property(sample, (raw) => {
          process.env[name] = raw;
          expect(numberFromEnv(name)).toStrictEqual(getNumberFromEnv(name));
        }),
        { numRuns: 500 },
      );
      delete process.env[name];
      expect(numberFromEnv(name)).toStrictEqual(getNumberFromEnv(name));
    } finally {
      delete process.env[name];
    }
  });
});

describe("the SDK the runtime loads", () => {
  it("is the very module instance the service imports (one BatchSpanProcessor, one MetricReader class)", async () => {
    expect(sdk().traces.BatchSpanProcessor).toBe((await import("@opentelemetry/sdk-trace-base")).BatchSpanProcessor);
    expect(sdk().logs.BatchLogRecordProcessor).toBe((await import("@opentelemetry/sdk-logs")).BatchLogRecordProcessor);
    expect(sdk().metrics.MetricReader).toBe((await import("@opentelemetry/sdk-metrics")).MetricReader);
    expect(sdk().resources.resourceFromAttributes).toBe((await import("@opentelemetry/resources")).resourceFromAttributes);
  });
});

describe("runtime/package.json", () => {
  it("depends only on the OpenTelemetry API; the SDK packages are optional peers with the ranges the runtime names", () => {
    expect(Object.keys(runtimePackage.dependencies).sort()).toEqual(["@opentelemetry/api", "@opentelemetry/api-logs"]);
    for (const { name, range } of Object.values(SDK_PACKAGES)) {
      expect(runtimePackage.peerDependencies[name], name).toBe(range);
    }
    // core is a peer for the types alone (ExportResult in the exporters' signatures)
    expect(Object.keys(runtimePackage.peerDependencies).sort()).toEqual(
      ["@opentelemetry/core", ...Object.values(SDK_PACKAGES).map((p) => p.name)].sort(),
    );
    for (const name of Object.keys(runtimePackage.peerDependencies)) {
      expect(runtimePackage.peerDependenciesMeta[name]?.optional, name).toBe(true);
    }
  });
});

describe("the built runtime installed without the SDK (npm run build first)", () => {
  // A node_modules with only @cordon/runtime (a copy: a symlink would resolve back into this
  // repository's node_modules, where the SDK is) and the API packages it depends on.
  const dir = mkdtempSync(join(tmpdir(), "cordon-runtime-alone-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const modules = join(dir, "node_modules");
  mkdirSync(join(modules, "@cordon", "runtime"), { recursive: true });
  mkdirSync(join(modules, "@opentelemetry"), { recursive: true });
  cpSync(join(REPO, "runtime", "dist"), join(modules, "@cordon", "runtime", "dist"), { recursive: true });
  cpSync(join(REPO, "runtime", "package.json"), join(modules, "@cordon", "runtime", "package.json"));
  for (const name of ["api", "api-logs"]) {
    symlinkSync(join(REPO, "node_modules", "@opentelemetry", name), join(modules, "@opentelemetry", name), "dir");
  }
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));

  const run = (script: string): string => {
    writeFileSync(join(dir, "main.js"), script);
    return execFileSync(process.execPath, ["main.js"], { cwd: dir, encoding: "utf8" });
  };
  const plan = `{
    service: "svc", digest: "sha256:0", hashes: false,
    sinks: [{ name: "eu", region: "eu-west-1", endpoint: "http://127.0.0.1:4318", signals: ["traces", "logs", "metrics"],
              undeclared: "drop", slots: [], detectors: [], redact: {} }],
  }`;

  it("imports, and builds telemetry without exporters", () => {
    const out = run(`
import { createTelemetryFromPlan } from "@cordon/runtime";
let sdkReachable = true;
try { import.meta.resolve("@opentelemetry/sdk-trace-base"); } catch { sdkReachable = false; }
const telemetry = createTelemetryFromPlan(${plan}, { exporters: {} });
await telemetry.forceFlush();
await telemetry.shutdown();
console.log(JSON.stringify({ sdkReachable, processors: telemetry.spanProcessors.length + telemetry.logRecordProcessors.length + telemetry.metricReaders.length }));
`);
    expect(JSON.parse(out)).toEqual({ sdkReachable: false, processors: 0 });
  });

  it("loads with require() too (require(esm), Node >= 20.19): no top-level await", () => {
    if (!(process.features as { require_module?: boolean }).require_module) return;
    writeFileSync(join(dir, "main.cjs"), 'console.log(typeof require("@cordon/runtime").createTelemetryFromPlan);');
    expect(execFileSync(process.execPath, ["main.cjs"], { cwd: dir, encoding: "utf8" }).trim()).toBe("function");
  });

  it("refuses exporters at start-up, naming each SDK package it needs and how to install it", () => {
    const out = run(`
import { createTelemetryFromPlan } from "@cordon/runtime";
const exporter = { export: (_, cb) => cb({ code: 0 }), shutdown: async () => undefined, forceFlush: async () => undefined };
try {
  createTelemetryFromPlan(${plan}, { exporters: { traces: { eu: exporter } }, assertRegion: { eu: "eu-west-1" } });
  console.log("started");
} catch (error) {
  console.log(error.message);
}
`);
    expect(out).toContain('createTelemetry for service "svc" could not load @opentelemetry/resources (');
    expect(out).toContain("; @opentelemetry/sdk-trace-base (");
    expect(out).toContain('npm install "@opentelemetry/resources@^2.12.0" "@opentelemetry/sdk-trace-base@^2.12.0"');
    // only what the given exporters need
    expect(out).not.toContain("sdk-logs");
    expect(out).not.toContain("sdk-metrics");
  });
});

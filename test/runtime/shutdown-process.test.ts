/**
 * `await telemetry.shutdown()` settles in a real process even when an inner exporter hangs
 * without holding any handle of its own (a promise that never settles): the process must reach
 * the line after the await and exit 0, not end with the top-level await unsettled (exit 13).
 * Runs the built runtime (runtime/dist/), as an application does: `npm run build` first.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { REPO } from "../codegen/support.js";

const RUNTIME = pathToFileURL(join(REPO, "runtime", "dist", "index.js")).href;

const script = (hang: string) => `
import { createTelemetryFromPlan } from ${JSON.stringify(RUNTIME)};
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { LoggerProvider } from "@opentelemetry/sdk-logs";
const redact = { span: (n, a) => ({}), event: () => ({}), log: () => ({}), metric: () => ({}), resource: () => ({}) };
const plan = { service: "svc", digest: "sha256:00", hashes: false, sinks: [
  { name: "s", region: "r", endpoint: "http://x:1", signals: ["traces", "logs"], undeclared: "drop", slots: [], detectors: [], redact },
] };
const never = () => new Promise(() => {});
const exporter = ${hang};
const telemetry = createTelemetryFromPlan(plan, {
  exporters: { traces: { s: exporter }, logs: { s: exporter } }, assertRegion: { s: "r" }, exportTimeoutMillis: 300,
});
const provider = new BasicTracerProvider({ spanProcessors: telemetry.spanProcessors });
provider.getTracer("t").startSpan("x").end();
new LoggerProvider({ processors: telemetry.logRecordProcessors }).getLogger("l").emit({ body: "b" });
await telemetry.shutdown();
console.log("settled", JSON.stringify(telemetry.stats.sink("s")));
`;

const hangs: Record<string, string> = {
  "export never calls back, shutdown never settles": "{ export: () => {}, shutdown: never, forceFlush: never }",
  "export returns a promise that never settles": "{ export: () => never(), shutdown: never }",
  "shutdown throws": "{ export: (_, cb) => cb({ code: 0 }), shutdown: () => { throw new Error('x'); } }",
};

describe.each(Object.keys(hangs))("an inner exporter whose %s", (kind) => {
  it("lets `await telemetry.shutdown()` settle: the process exits 0", () => {
    // inside the repository, so that the script resolves @opentelemetry/* from its node_modules
    mkdirSync(join(REPO, ".cordon-tmp"), { recursive: true });
    const dir = mkdtempSync(join(REPO, ".cordon-tmp", "shutdown-"));
    try {
      const file = join(dir, "app.mjs");
      writeFileSync(file, script(hangs[kind]!));
      const run = spawnSync(process.execPath, [file], { encoding: "utf8", timeout: 30_000 });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^settled /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

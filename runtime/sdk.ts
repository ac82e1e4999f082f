/**
 * The OpenTelemetry SDK packages the runtime builds its processors and readers from, taken
 * from the service's own installation: they are optional peer dependencies of @cordon/runtime.
 *
 * Why peers: a service hands `telemetry.spanProcessors` to its own `NodeTracerProvider`,
 * `logRecordProcessors` to its `LoggerProvider` and `metricReaders` to its `MeterProvider`, and
 * its exporters come from the same SDK — so it has the SDK of every signal it exports, and the
 * runtime must use that copy (its BatchSpanProcessor, a MetricReader its MeterProvider
 * recognises), not a second one at another version. Why optional: as dependencies they brought
 * @opentelemetry/core, whose dependency @opentelemetry/semantic-conventions alone is 9.9 MB, into
 * every install of the runtime (16.8 MB of node_modules; npm >= 7 installs required peers too,
 * measured the same: bench/runtime-install-size.mjs). At run time the runtime itself needs only
 * `@opentelemetry/api`.
 *
 * A package is loaded when `createTelemetry` is given an exporter that needs it, with a
 * `require` from here: the OTel 2.x SDK packages publish one CommonJS entry (`main`, no
 * `exports` map) that Node resolves for `import` and `require` alike, so this is the very module
 * the service's providers come from (sdk-peers.test.ts checks it). Not a top-level `await
 * import()`: that would make `require("@cordon/runtime")` (require(esm), Node >= 20.19) fail
 * for CommonJS services. Node's module cache is the only cache; nothing is kept here.
 */
import { createRequire } from "node:module";
import type * as Resources from "@opentelemetry/resources";
import type * as SdkLogs from "@opentelemetry/sdk-logs";
import type * as SdkMetrics from "@opentelemetry/sdk-metrics";
import type * as SdkTraceBase from "@opentelemetry/sdk-trace-base";
import type { Signal } from "./redactors.js";

/** The SDK packages by what needs them: `resources` every exporter (redacted resources), the rest their signal. */
export interface Sdk {
  readonly resources: typeof Resources;
  readonly traces: typeof SdkTraceBase;
  readonly logs: typeof SdkLogs;
  readonly metrics: typeof SdkMetrics;
}

/** The package of each part, and the range package.json declares for it (what the install hint says). */
export const SDK_PACKAGES: { readonly [K in keyof Sdk]: { readonly name: string; readonly range: string } } = {
  resources: { name: "@opentelemetry/resources", range: "^2.12.0" },
  traces: { name: "@opentelemetry/sdk-trace-base", range: "^2.12.0" },
  logs: { name: "@opentelemetry/sdk-logs", range: "~0.223.0" },
  metrics: { name: "@opentelemetry/sdk-metrics", range: "^2.12.0" },
};

/**
 * A number from the environment (`OTEL_BSP_MAX_QUEUE_SIZE`, …) read as @opentelemetry/core's
 * getNumberFromEnv reads it (core is not loaded for this alone; sdk-peers.test.ts compares them).
 */
export function numberFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  return Number.isNaN(value) ? undefined : value;
}

const requireHere = createRequire(import.meta.url);

function load<K extends keyof Sdk>(part: K): Sdk[K] {
  return requireHere(SDK_PACKAGES[part].name) as Sdk[K];
}

/** The SDK, each part loaded when first read (then from Node's module cache). */
const SDK: Sdk = {
  get resources() {
    return load("resources");
  },
  get traces() {
    return load("traces");
  },
  get logs() {
    return load("logs");
  },
  get metrics() {
    return load("metrics");
  },
};

/** Why a part cannot be loaded (the error's first line), or undefined when it can. */
export function sdkLoadError(part: keyof Sdk): string | undefined {
  try {
    load(part);
    return undefined;
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).split("\n")[0];
  }
}

/**
 * The SDK for a service that exports these signals. Throws one start-up error naming every
 * package it needs and could not load, with the command that installs them.
 */
export function sdkFor(service: string, signals: Iterable<Signal>): Sdk {
  const given = [...signals];
  const needed = new Set<keyof Sdk>(given.length > 0 ? ["resources", ...given] : []);
  const missing = [...needed].filter((part) => sdkLoadError(part) !== undefined);
  if (missing.length > 0) {
    const reasons = missing.map((part) => `${SDK_PACKAGES[part].name} (${sdkLoadError(part)})`).join("; ");
    const install = missing.map((part) => `"${SDK_PACKAGES[part].name}@${SDK_PACKAGES[part].range}"`).join(" ");
    throw new Error(
      `cordon: createTelemetry for service "${service}" could not load ${reasons}. The runtime builds its processors ` +
        `and readers from the OpenTelemetry SDK the service installs (peer dependencies of @cordon/runtime): npm install ${install}`,
    );
  }
  return SDK;
}

/** The SDK, for code that runs only once sdkFor accepted its signal (metric points exist only with sdk-metrics). */
export function sdk(): Sdk {
  return SDK;
}

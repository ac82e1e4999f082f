/**
 * The OpenTelemetry SDK packages the runtime builds its processors and readers from, taken
 * from the service's own installation: they are optional peer dependencies of @cordon/runtime.
 *
 * Why peers: a service hands `telemetry.spanProcessors` to its own `NodeTracerProvider`,
 * `logRecordProcessors` to its `LoggerProvider` and `metricReaders` to its `MeterProvider`, and
 * its exporters come from the same SDK — so it has the SDK of every signal it exports, and the
 * runtime must use that copy (one BatchSpanProcessor class, one MetricReader the provider knows),
 * not a second one of its own. Why optional: as dependencies they brought
 * @opentelemetry/core, whose dependency @opentelemetry/semantic-conventions alone is 9.9 MB, into
 * every install of the runtime (16.8 MB of node_modules; npm ≥ 7 installs required peers too,
 * measured the same). The runtime itself needs only `@opentelemetry/api` at run time.
 *
 * Each package is imported once, when the runtime is first imported (a top-level await, so the
 * copy is the service's ESM module, the very one its providers use); one that cannot be
 * imported is remembered with its error, and `createTelemetry` refuses to start — naming the
 * package and how to install it — only when an exporter of a signal that needs it is given.
 * These loaded modules are the one module-level value of the runtime: read-only, like a static
 * import's binding.
 */
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

type Loaded<T> = { readonly module: T } | { readonly error: string };

async function optional<T>(load: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { module: await load() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

// Literal specifiers (not a loop over SDK_PACKAGES): bundlers and TypeScript see each import.
const [resources, traces, logs, metrics] = await Promise.all([
  optional(() => import("@opentelemetry/resources")),
  optional(() => import("@opentelemetry/sdk-trace-base")),
  optional(() => import("@opentelemetry/sdk-logs")),
  optional(() => import("@opentelemetry/sdk-metrics")),
]);
const loaded: { readonly [K in keyof Sdk]: Loaded<Sdk[K]> } = { resources, traces, logs, metrics };

/** Why a part could not be loaded, or undefined when it was. */
export function sdkLoadError(part: keyof Sdk): string | undefined {
  const entry = loaded[part];
  return "error" in entry ? entry.error : undefined;
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
  return LOADED_SDK;
}

/** The SDK as loaded; a part that is missing throws when used (sdkFor checks first). */
const LOADED_SDK: Sdk = {
  get resources() {
    return part("resources");
  },
  get traces() {
    return part("traces");
  },
  get logs() {
    return part("logs");
  },
  get metrics() {
    return part("metrics");
  },
};

function part<K extends keyof Sdk>(name: K): Sdk[K] {
  const entry: Loaded<Sdk[K]> = loaded[name];
  if ("error" in entry) throw new Error(`cordon: ${SDK_PACKAGES[name].name} could not be loaded (${entry.error})`);
  return entry.module;
}

/** The SDK as loaded, for code that runs only once sdkFor accepted its signal (metric points exist only with sdk-metrics). */
export function sdk(): Sdk {
  return LOADED_SDK;
}

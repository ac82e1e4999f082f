/**
 * The region lock (SPEC §4): at start-up, every exporter handed to `createTelemetry` must be
 * for a sink the service declares, for a signal that sink receives, and must send to the
 * sink's declared endpoint. Anything else is a clear Error naming the sink, the declared
 * endpoint and the one found — thrown once, at construction, never on the hot path.
 */
import { endpointMatches, parseEndpoint, readExporterEndpoint } from "./endpoint.js";
import type { Signal, SinkPlan } from "./redactors.js";

const ENV_BY_SIGNAL: Readonly<Record<Signal, string>> = {
  traces: "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
  logs: "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
  metrics: "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
};

function exporterName(exporter: unknown): string {
  const name = (exporter as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof name === "string" && name !== "" ? name : "exporter";
}

/** Which environment variables could have chosen the URL (to explain a mismatch). */
function envHint(signal: Signal): string {
  const set = [ENV_BY_SIGNAL[signal], "OTEL_EXPORTER_OTLP_ENDPOINT"].filter((name) => process.env[name]);
  return set.length === 0
    ? ""
    : ` (the exporter was built without an explicit url, or ${set.map((n) => `${n}=${process.env[n]}`).join(", ")} chose it)`;
}

export interface LockInput {
  readonly service: string;
  readonly signal: Signal;
  /** The sink name the application keyed the exporter by. */
  readonly sinkName: string;
  readonly exporter: unknown;
  readonly sinks: ReadonlyMap<string, SinkPlan>;
  readonly assertRegion: ReadonlyMap<string, string>;
}

/** Check one exporter; returns its sink's plan or throws a start-up Error. */
export function lockExporter(input: LockInput): SinkPlan {
  const { service, signal, sinkName, exporter, sinks, assertRegion } = input;
  const sink = sinks.get(sinkName);
  if (!sink) {
    // The service declares no endpoint for this name, so name the ones it does declare and
    // where this exporter would send (SPEC §4: the sink, the declared endpoint, the one found).
    const declared = [...sinks].map(([name, plan]) => `${name} at ${plan.endpoint}`);
    throw new Error(
      `cordon: a ${signal} exporter was given for sink "${sinkName}", which service "${service}" does not declare ` +
        `(its sinks: ${declared.length ? declared.join(", ") : "none"}); the exporter sends to ` +
        `${readExporterEndpoint(exporter) ?? "an endpoint that cannot be read (unreadable)"}. Telemetry may only go to the contract's sinks.`,
    );
  }
  if (!sink.signals.includes(signal)) {
    throw new Error(
      `cordon: a ${signal} exporter was given for sink "${sinkName}", but "${service}" exports only ` +
        `${sink.signals.join(", ") || "nothing"} to it (declared endpoint ${sink.endpoint}).`,
    );
  }
  if (exporter === null || typeof exporter !== "object" || typeof (exporter as { export?: unknown }).export !== "function") {
    throw new Error(`cordon: the ${signal} exporter given for sink "${sinkName}" is not an exporter (it has no export method).`);
  }
  const declared = parseEndpoint(sink.endpoint);
  const foundUrl = readExporterEndpoint(exporter);
  if (foundUrl === undefined) {
    const vouched = assertRegion.get(sinkName);
    if (vouched === undefined) {
      throw new Error(
        `cordon: cannot read the endpoint of the ${signal} exporter (${exporterName(exporter)}) for sink "${sinkName}", ` +
          `declared as ${sink.endpoint} in region ${sink.region}; found: unreadable. Use an OTLP exporter, or vouch for it ` +
          `with createTelemetry({ assertRegion: { "${sinkName}": "${sink.region}" } }).`,
      );
    }
    if (vouched !== sink.region) {
      throw new Error(
        `cordon: assertRegion vouches that the ${signal} exporter for sink "${sinkName}" sends to region "${vouched}", ` +
          `but the sink is declared in region "${sink.region}" (endpoint ${sink.endpoint}).`,
      );
    }
    return sink;
  }
  const found = parseEndpoint(foundUrl);
  if (!declared || !found || !endpointMatches(declared, found)) {
    throw new Error(
      `cordon: the ${signal} exporter for sink "${sinkName}" sends to ${foundUrl}, but the contract declares the sink's ` +
        `endpoint as ${sink.endpoint} (region ${sink.region})${envHint(signal)}. Refusing to start: telemetry for ` +
        `"${sinkName}" would leave for a place the contract does not name.`,
    );
  }
  return sink;
}

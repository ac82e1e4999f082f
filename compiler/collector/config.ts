/**
 * `cordon build --target collector`: one OpenTelemetry Collector (contrib) configuration that
 * applies, in the collector tier, the per-sink redaction the generated modules apply in the
 * services — for telemetry that does not come from a generated module.
 *
 * Shape (every key is listed, with its source, in ./schema.ts):
 *
 *   otlp receiver ──> <signal>/in ──> routing/<signal> ──(resource service.name)──┐
 *     ┌──────────────────────────────────────────────────────────────────────────┘
 *     └─> <signal>/<service>.<sink>: transform/<service>.<sink> → batch → otlphttp/<sink>
 *
 * One pipeline per service × sink × signal: the routing connector sends a service's records
 * to each of its sinks' pipelines (the Collector hands every pipeline its own copy), the
 * transform processor redacts them for that sink, and the otlphttp exporter ships them to the
 * sink's declared endpoint only. A record whose `service.name` names no service of the set
 * matches no route and, with no `default_pipelines`, goes nowhere: fail closed.
 */
import type { ContractSet, Service, Signal } from "../../contracts/model.js";
import { SIGNALS } from "../../contracts/model.js";
import { sinkView, type SinkView } from "../flows.js";
import { entry, ottlString } from "./ottl.js";
import { placesOf, type OttlContext } from "./places.js";
import { placeStatements } from "./statements.js";

export interface StatementGroup {
  context: OttlContext;
  statements: string[];
}

export interface TransformConfig {
  error_mode: "ignore";
  trace_statements?: StatementGroup[];
  log_statements?: StatementGroup[];
  metric_statements?: StatementGroup[];
}

export interface RoutingConfig {
  table: { context: "resource"; condition: string; pipelines: string[] }[];
}

export interface Pipeline {
  receivers: string[];
  processors?: string[];
  exporters: string[];
}

export interface CollectorConfig {
  receivers: { otlp: { protocols: { grpc: { endpoint: string }; http: { endpoint: string } } } };
  processors: Record<string, TransformConfig | Record<string, never>>;
  connectors: Record<string, RoutingConfig>;
  exporters: Record<string, { endpoint: string }>;
  service: { pipelines: Record<string, Pipeline> };
}

const STATEMENTS_KEY: Readonly<Record<Signal, "trace_statements" | "log_statements" | "metric_statements">> = {
  traces: "trace_statements",
  logs: "log_statements",
  metrics: "metric_statements",
};

/** `<service>.<sink>`: names hold no dots, so the pair is unambiguous in a component id. */
export const pairName = (service: string, sink: string): string => `${service}.${sink}`;

/** The statement groups of one signal at one sink: the resource first, then the signal's records. */
function groupsFor(view: SinkView, signal: Signal): StatementGroup[] {
  const groups = new Map<OttlContext, string[]>();
  for (const place of placesOf(view)) {
    if (place.signal !== signal && place.signal !== "resource") continue;
    const statements = placeStatements(place, view.undeclared, view.detectors);
    groups.set(place.context, [...(groups.get(place.context) ?? []), ...statements]);
  }
  return [...groups].filter(([, s]) => s.length > 0).map(([context, statements]) => ({ context, statements }));
}

function transformFor(view: SinkView): TransformConfig {
  const transform: TransformConfig = { error_mode: "ignore" };
  for (const signal of view.signals) {
    const groups = groupsFor(view, signal);
    if (groups.length > 0) transform[STATEMENTS_KEY[signal]] = groups;
  }
  return transform;
}

function viewsOf(set: ContractSet, service: Service): SinkView[] {
  return service.telemetry.sinks.filter((name) => set.sinks.has(name)).map((name) => sinkView(set, service, name));
}

/** The Collector configuration for a contract set, as a plain object (serialise it as YAML). */
export function collectorConfig(set: ContractSet): CollectorConfig {
  const processors: CollectorConfig["processors"] = {};
  const exporters: CollectorConfig["exporters"] = {};
  const pipelines: Record<string, Pipeline> = {};
  const routes = new Map<Signal, RoutingConfig["table"]>(SIGNALS.map((s) => [s, []]));

  for (const service of set.services.values()) {
    const targets = new Map<Signal, string[]>(SIGNALS.map((s) => [s, []]));
    for (const view of viewsOf(set, service)) {
      if (view.signals.length === 0) continue;
      const pair = pairName(service.name, view.sink.name);
      const transform = transformFor(view);
      const exporter = `otlphttp/${view.sink.name}`;
      exporters[exporter] = { endpoint: view.sink.endpoint.raw };
      processors[`transform/${pair}`] = transform;
      processors.batch = {};
      for (const signal of view.signals) {
        const id = `${signal}/${pair}`;
        pipelines[id] = {
          receivers: [`routing/${signal}`],
          processors: [`transform/${pair}`, "batch"],
          exporters: [exporter],
        };
        targets.get(signal)!.push(id);
      }
    }
    for (const [signal, ids] of targets) {
      if (ids.length === 0) continue;
      routes.get(signal)!.push({
        context: "resource",
        condition: `${entry("attributes", "service.name")} == ${ottlString(service.name)}`,
        pipelines: ids,
      });
    }
  }

  const connectors: CollectorConfig["connectors"] = {};
  const inbound: Record<string, Pipeline> = {};
  for (const [signal, table] of routes) {
    if (table.length === 0) continue;
    connectors[`routing/${signal}`] = { table };
    inbound[`${signal}/in`] = { receivers: ["otlp"], exporters: [`routing/${signal}`] };
  }

  return {
    receivers: { otlp: { protocols: { grpc: { endpoint: "0.0.0.0:4317" }, http: { endpoint: "0.0.0.0:4318" } } } },
    processors,
    connectors,
    exporters,
    service: { pipelines: { ...inbound, ...pipelines } },
  };
}

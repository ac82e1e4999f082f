/**
 * `cordon build --target collector`: the OpenTelemetry Collector configuration of one regional
 * gateway (SPEC §4) — the per-sink redaction of the generated modules, applied in the
 * Collector tier to telemetry that does not come from a generated module.
 *
 * Shape, for each sink S and signal G that an accepted service sends (docs/collector.md):
 *
 *   otlp ──> pipeline G/S: filter/G.S → transform/G.S [→ redaction/hmac → transform/hmac] → batch → otlphttp/S
 *
 * - filter/G.S drops every resource whose `service.name` is not a service that sends G to S
 *   and that the gateway accepts (./gateway.ts): unknown services, services whose raw data may
 *   not be processed in this region, and records without a `service.name` go nowhere. The
 *   Collector counts what it drops (`otelcol_processor_filter_*_filtered`).
 * - transform/G.S redacts: one statement group per place (service × span name, event, metric
 *   name, …) whose `conditions` select the place's records, so a record runs only the
 *   statements of its own place (compiler/collector/places.ts, statements.ts).
 * - redaction/hmac + transform/hmac: the contrib redaction processor computes HMAC-SHA256 of the
 *   values staged for hashing, and the second transform writes them back as
 *   `hmac-sha256:<hex>` (./hmac.ts) — the runtime's digest for the same key and value.
 *
 * A pipeline per sink (not per service): the Collector copies each request once per pipeline,
 * and the routing connector is not available at the release cordon is tested against.
 */
import type { ContractSet, Signal } from "../../contracts/model.js";
import { SIGNALS } from "../../contracts/model.js";
import { sinkView, type SinkView } from "../flows.js";
import { acceptedServices } from "./gateway.js";
import { HMAC_PROCESSOR, HMAC_FINISH, finishTransform, hmacProcessor, stagesHash, type RedactionConfig } from "./hmac.js";
import { entry, ottlString } from "./ottl.js";
import { placesOf, type OttlContext, type Place } from "./places.js";
import { freeTextStatements, placeStatements, type FreeText } from "./statements.js";

export interface StatementGroup {
  context: OttlContext | "scope";
  conditions?: string[];
  statements: string[];
}

export interface TransformConfig {
  error_mode: "propagate";
  trace_statements?: StatementGroup[];
  log_statements?: StatementGroup[];
  metric_statements?: StatementGroup[];
}

export interface FilterConfig {
  error_mode: "propagate";
  traces?: { resource: string[] };
  logs?: { resource: string[] };
  metrics?: { resource: string[] };
}

export interface Pipeline {
  receivers: string[];
  processors: string[];
  exporters: string[];
}

export interface CollectorConfig {
  receivers: { otlp: { protocols: { grpc: { endpoint: string }; http: { endpoint: string } } } };
  processors: Record<string, TransformConfig | FilterConfig | RedactionConfig | Record<string, never>>;
  exporters: Record<string, { endpoint: string }>;
  service: { pipelines: Record<string, Pipeline> };
}

export interface GatewayOptions {
  /** host:port the OTLP receiver listens on; gRPC on the first, HTTP on the second. */
  readonly listen?: { grpc: string; http: string };
}

const STATEMENTS_KEY: Readonly<Record<Signal, "trace_statements" | "log_statements" | "metric_statements">> = {
  traces: "trace_statements",
  logs: "log_statements",
  metrics: "metric_statements",
};

/** `service.name` of the record's resource, as a path of the group's context. */
function serviceName(context: OttlContext | "scope"): string {
  return entry(context === "resource" ? "attributes" : "resource.attributes", "service.name");
}

const isService = (context: OttlContext | "scope", service: string): string => `${serviceName(context)} == ${ottlString(service)}`;

/** The free text of each context that detectors look at, and what a hit leaves there. */
const FREE_TEXT: Partial<Record<OttlContext | "scope", FreeText[]>> = {
  span: [
    { path: "name", cleared: ottlString("redacted") },
    { path: "status.message", cleared: ottlString("") },
  ],
  spanevent: [{ path: "name", cleared: ottlString("redacted") }],
  log: [
    { path: "body", cleared: "nil" },
    { path: "severity_text", cleared: ottlString("") },
  ],
  scope: [{ path: "name", cleared: ottlString("redacted") }],
};

function placeGroup(view: SinkView, place: Place): StatementGroup | undefined {
  const statements = placeStatements(place, view.undeclared, view.detectors, FREE_TEXT[place.context] ?? []);
  if (statements.length === 0) return undefined;
  const conditions = [isService(place.context, view.service)];
  if (place.scope !== undefined) conditions[0] += ` and ${place.scope}`;
  return { context: place.context, conditions, statements };
}

/** The statement groups of one signal at one sink, for every service that sends it there. */
function groupsFor(views: readonly SinkView[], signal: Signal): StatementGroup[] {
  const records: StatementGroup[] = [];
  const scopes: StatementGroup[] = [];
  const resources: StatementGroup[] = [];
  for (const view of views) {
    for (const place of placesOf(view)) {
      if (place.signal !== signal && place.signal !== "resource") continue;
      const group = placeGroup(view, place);
      if (group) (place.context === "resource" ? resources : records).push(group);
    }
    const scope = freeTextStatements(FREE_TEXT.scope!, view.detectors);
    if (scope.length > 0) scopes.push({ context: "scope", conditions: [isService("scope", view.service)], statements: scope });
  }
  // resources last: their statements may redact the `service.name` the other groups select on
  return [...records, ...scopes, ...resources];
}

function filterFor(signal: Signal, services: readonly string[]): FilterConfig {
  const accepted = services.map((name) => isService("resource", name)).join(" or ");
  return { error_mode: "propagate", [signal]: { resource: [`not (${accepted})`] } };
}

/** The configuration of the gateway in `region`, as a plain object (serialise it as YAML). */
export function gatewayConfig(set: ContractSet, region: string, options: GatewayOptions = {}): CollectorConfig {
  const processors: CollectorConfig["processors"] = {};
  const exporters: CollectorConfig["exporters"] = {};
  const pipelines: Record<string, Pipeline> = {};

  // sink -> signal -> the views of the accepted services that send that signal there
  const bySink = new Map<string, Map<Signal, SinkView[]>>();
  for (const service of acceptedServices(set, region)) {
    for (const sinkName of service.telemetry.sinks) {
      if (!set.sinks.has(sinkName)) continue;
      const view = sinkView(set, service, sinkName);
      for (const signal of view.signals) {
        const signals = bySink.get(sinkName) ?? new Map<Signal, SinkView[]>();
        bySink.set(sinkName, signals);
        signals.set(signal, [...(signals.get(signal) ?? []), view]);
      }
    }
  }

  for (const [sinkName, signals] of bySink) {
    const exporter = `otlphttp/${sinkName}`;
    exporters[exporter] = { endpoint: set.sinks.get(sinkName)!.endpoint.raw };
    for (const signal of SIGNALS) {
      const views = signals.get(signal);
      if (!views) continue;
      const id = `${signal}.${sinkName}`;
      const groups = groupsFor(views, signal);
      processors[`filter/${id}`] = filterFor(signal, views.map((v) => v.service));
      const chain = [`filter/${id}`];
      if (groups.length > 0) {
        processors[`transform/${id}`] = { error_mode: "propagate", [STATEMENTS_KEY[signal]]: groups };
        chain.push(`transform/${id}`);
      }
      if (stagesHash(groups)) {
        processors[HMAC_PROCESSOR] = hmacProcessor();
        processors[HMAC_FINISH] = finishTransform();
        chain.push(HMAC_PROCESSOR, HMAC_FINISH);
      }
      processors.batch = {};
      pipelines[`${signal}/${sinkName}`] = { receivers: ["otlp"], processors: [...chain, "batch"], exporters: [exporter] };
    }
  }

  const listen = options.listen ?? { grpc: "0.0.0.0:4317", http: "0.0.0.0:4318" };
  return {
    receivers: { otlp: { protocols: { grpc: { endpoint: listen.grpc }, http: { endpoint: listen.http } } } },
    processors,
    exporters,
    service: { pipelines },
  };
}

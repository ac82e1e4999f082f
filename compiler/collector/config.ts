/**
 * `cordon build --target collector`: the OpenTelemetry Collector configuration of one regional
 * gateway (SPEC §4) — the per-sink redaction of the generated modules, applied in the
 * Collector tier to telemetry that does not come from a generated module.
 *
 * Shape, for each signal G (traces, logs, metrics) and each sink S an accepted service sends G to:
 *
 *   otlp ──> G/in: filter/G → transform/G ──> forward/G ──> G/S: [filter/G.S →] [transform/G.S →]
 *                                                              [redaction/hmac → transform/hmac →] batch → otlp_http/S
 *
 * - filter/G drops every resource whose `service.name` is not a service the gateway accepts
 *   (./gateway.ts) and that sends G somewhere: unknown services, services whose raw data may
 *   not be processed in this region, and records without a `service.name` go nowhere. The
 *   Collector counts what it drops (`otelcol_processor_filter_*_filtered`).
 * - transform/G, once per record: undeclared keys and wrongly typed values removed (not on the
 *   resource, whose `service.name` every later stage selects on: resources are redacted last, per sink).
 * - forward/G hands each sink's pipeline its own copy; filter/G.S keeps the services that send
 *   G to S (when not all do); transform/G.S applies the sink's redaction and detectors.
 * - Each transform has one statement group per place (service × span name, event, metric
 *   name, …) whose `conditions` select the place's records, so a record runs only the
 *   statements of its own place (./places.ts, ./statements.ts).
 * - redaction/hmac + transform/hmac: the contrib redaction processor computes HMAC-SHA256 of the
 *   values staged for hashing, and the second transform writes them back as
 *   `hmac-sha256:<hex>` (./hmac.ts) — the runtime's digest for the same key and value.
 *
 * More services than a bucket holds (./routing.ts): filter/G and a tree of filtered pipelines
 * route each record to its bucket, which has its own transform/G.bucket.i and sink stages
 * (transform/G.bucket.i.S), meeting again per sink for hashing, batching and export:
 *
 *   otlp ──> G/in: filter/G ──> G/route.*: filter … ──> G/bucket.i: filter, transform ──>
 *            G/bucket.i.S: [filter →] [transform] ──> G/S: [redaction/hmac → transform/hmac →] batch → otlp_http/S
 *
 * The transform processor evaluates every group's condition on every record, so without the
 * tree a record's cost grows with the number of services; with it, with its bucket's, plus one
 * copy per level of the tree (the routing connector is not available at 0.161.0).
 */
import type { ContractSet, Signal } from "../../contracts/model.js";
import { SIGNALS } from "../../contracts/model.js";
import { sinkView, type SinkView } from "../flows.js";
import { acceptedServices } from "./gateway.js";
import { HMAC_PROCESSOR, HMAC_FINISH, finishTransform, hmacProcessor, stagesHash, type RedactionConfig } from "./hmac.js";
import { entry, ottlString, regexEscape } from "./ottl.js";
import { detached } from "./detection.js";
import { placesOf, type OttlContext, type Place } from "./places.js";
import { BUCKET_SERVICES, bucketsOf, routeFilter, routeTree } from "./routing.js";
import { freeTextStatements, placeStatements, sharedPlaceStatements, type FreeText } from "./statements.js";

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
  connectors: Record<string, Record<string, never>>;
  exporters: Record<string, { endpoint: string }>;
  service: { pipelines: Record<string, Pipeline> };
}

export interface GatewayOptions {
  /** host:port the OTLP receiver listens on; gRPC on the first, HTTP on the second. */
  readonly listen?: { grpc: string; http: string };
  /** Services per routing bucket (./routing.ts); more services than this are routed by service first. */
  readonly bucketServices?: number;
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

function groupOf(service: string, place: Place, statements: string[]): StatementGroup | undefined {
  if (statements.length === 0) return undefined;
  const condition = isService(place.context, service);
  return { context: place.context, conditions: [place.scope === undefined ? condition : `${condition} and ${place.scope}`], statements };
}

/**
 * Groups with the same statements in the same context become one, their conditions joined by
 * `or`: shared statements per shape (every service's "no attribute may pass here" place, a
 * field set used by many services) are written, parsed and walked once. Places of one context
 * are disjoint (a record is in one of them), so the merge keeps what each record runs.
 */
function merged(groups: readonly StatementGroup[]): StatementGroup[] {
  const byShape = new Map<string, { group: StatementGroup; alternatives: string[] }>();
  for (const group of groups) {
    const shape = `${group.context}\n${group.statements.join("\n")}`;
    const condition = (group.conditions ?? []).join(" and ");
    const seen = byShape.get(shape);
    if (seen) seen.alternatives.push(condition);
    else byShape.set(shape, { group, alternatives: [condition] });
  }
  return [...byShape.values()].map(({ group, alternatives }) =>
    alternatives.length === 1 ? group : { ...group, conditions: [anyService(group.context, alternatives) ?? alternatives.map((c) => `(${c})`).join(" or ")] },
  );
}

/**
 * Alternatives that each select one service and nothing more, as one anchored pattern over
 * `service.name` (undefined when they do not): one regular expression instead of a comparison
 * per service on every record, and a fraction of the text. Every record here passed the
 * gateway's filter, an exact `==` per served name, so its `service.name` is a served name.
 */
function anyService(context: OttlContext | "scope", alternatives: readonly string[]): string | undefined {
  const names: string[] = [];
  for (const alternative of alternatives) {
    const name = plainService(context, alternative);
    if (name === undefined) return undefined;
    names.push(name);
  }
  return `IsMatch(${serviceName(context)}, ${ottlString(`^(?:${names.map(regexEscape).join("|")})$`)})`;
}

/** Service names as the schema allows them (NAME_PATTERN): nothing in them needs escaping in OTTL. */
const PLAIN_NAME = /^[a-z][a-z0-9_-]*$/;

/** The service an alternative selects, when it is exactly `service.name == "<plain name>"`. */
function plainService(context: OttlContext | "scope", alternative: string): string | undefined {
  const prefix = `${serviceName(context)} == "`;
  if (!alternative.startsWith(prefix) || !alternative.endsWith('"')) return undefined;
  const name = alternative.slice(prefix.length, -1);
  return PLAIN_NAME.test(name) && alternative === isService(context, name) ? name : undefined;
}

/** Groups in the order they must run: resources last, as they may redact the `service.name` the others select on. */
function ordered(records: StatementGroup[], scopes: StatementGroup[], resources: StatementGroup[]): StatementGroup[] {
  return detached([...merged(records), ...merged(scopes), ...merged(resources)]);
}

/**
 * The sink-independent stage of one signal: undeclared keys and wrongly typed values, once per
 * record. Not the resource: every later stage selects records by the resource's `service.name`,
 * which the resource's own redaction may remove — so resources are redacted last, per sink.
 */
function sharedGroups(views: readonly SinkView[], signal: Signal): StatementGroup[] {
  const records: StatementGroup[] = [];
  for (const view of views) {
    for (const place of placesOf(view)) {
      if (place.signal !== signal) continue;
      const group = groupOf(view.service, place, sharedPlaceStatements(place, view.undeclared));
      if (group) records.push(group);
    }
  }
  return ordered(records, [], []);
}

/** The statement groups of one signal at one sink, for every service that sends it there. */
function sinkGroups(views: readonly SinkView[], signal: Signal): StatementGroup[] {
  const records: StatementGroup[] = [];
  const scopes: StatementGroup[] = [];
  const resources: StatementGroup[] = [];
  for (const view of views) {
    for (const place of placesOf(view)) {
      if (place.signal !== signal && place.signal !== "resource") continue;
      const statements = [
        ...(place.context === "resource" ? sharedPlaceStatements(place, view.undeclared) : []),
        ...placeStatements(place, view.undeclared, view.detectors, FREE_TEXT[place.context] ?? []),
      ];
      const group = groupOf(view.service, place, statements);
      if (group) (place.context === "resource" ? resources : records).push(group);
    }
    const scope = freeTextStatements(FREE_TEXT.scope!, view.detectors);
    if (scope.length > 0) scopes.push({ context: "scope", conditions: [isService("scope", view.service)], statements: scope });
  }
  return ordered(records, scopes, resources);
}

function filterFor(signal: Signal, services: readonly string[]): FilterConfig {
  const accepted = services.map((name) => isService("resource", name)).join(" or ");
  return { error_mode: "propagate", [signal]: { resource: [`not (${accepted})`] } };
}

const transformOf = (signal: Signal, groups: StatementGroup[]): TransformConfig => ({ error_mode: "propagate", [STATEMENTS_KEY[signal]]: groups });

/** The sink-independent stage of `views` (transform/<id>), if it has statements; the processor ids to run. */
function sharedStage(processors: CollectorConfig["processors"], signal: Signal, id: string, views: readonly SinkView[]): string[] {
  const groups = sharedGroups(views, signal);
  if (groups.length === 0) return [];
  processors[`transform/${id}`] = transformOf(signal, groups);
  return [`transform/${id}`];
}

/**
 * One sink's redaction of `views` (of `of` services that reach this point): a filter when not
 * all of them send the signal there, and transform/<id>. Whether its statements stage hashes.
 */
function sinkStage(
  processors: CollectorConfig["processors"],
  signal: Signal,
  id: string,
  views: readonly SinkView[],
  of: number,
): { processors: string[]; hashes: boolean } {
  const chain: string[] = [];
  if (views.length < of) {
    processors[`filter/${id}`] = filterFor(signal, views.map((v) => v.service));
    chain.push(`filter/${id}`);
  }
  const groups = sinkGroups(views, signal);
  if (groups.length > 0) {
    processors[`transform/${id}`] = transformOf(signal, groups);
    chain.push(`transform/${id}`);
  }
  return { processors: chain, hashes: stagesHash(groups) };
}

/** What every sink's pipeline ends with: hashing (when staged), batching, the sink's exporter. */
function sinkTail(
  processors: CollectorConfig["processors"],
  exporters: CollectorConfig["exporters"],
  set: ContractSet,
  sinkName: string,
  hashes: boolean,
): { processors: string[]; exporters: string[] } {
  const exporter = `otlp_http/${sinkName}`;
  exporters[exporter] = { endpoint: set.sinks.get(sinkName)!.endpoint.raw };
  const chain: string[] = [];
  if (hashes) {
    processors[HMAC_PROCESSOR] = hmacProcessor();
    processors[HMAC_FINISH] = finishTransform();
    chain.push(HMAC_PROCESSOR, HMAC_FINISH);
  }
  processors.batch = {};
  return { processors: [...chain, "batch"], exporters: [exporter] };
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

  const connectors: CollectorConfig["connectors"] = {};
  const bucketSize = options.bucketServices ?? BUCKET_SERVICES;
  for (const signal of SIGNALS) {
    // every accepted service's views for this signal, one per sink it sends to
    const perSink = [...bySink].map(([sink, signals]) => [sink, signals.get(signal) ?? []] as const).filter(([, v]) => v.length > 0);
    if (perSink.length === 0) continue;
    const first = new Map<string, SinkView>();
    for (const [, views] of perSink) for (const view of views) if (!first.has(view.service)) first.set(view.service, view);
    const buckets = bucketsOf([...first.keys()], bucketSize);

    // who may enter; with one bucket, the sink-independent stage follows in the same pipeline
    const forward = `forward/${signal}`;
    connectors[forward] = {};
    processors[`filter/${signal}`] = filterFor(signal, [...first.keys()]);
    const admit = [`filter/${signal}`];
    if (buckets.length === 1) admit.push(...sharedStage(processors, signal, signal, [...first.values()]));
    pipelines[`${signal}/in`] = { receivers: ["otlp"], processors: admit, exporters: [forward] };

    if (buckets.length === 1) {
      // stage 2, once per sink's copy: the sink's redaction, then hashing, batching, export
      for (const [sinkName, views] of perSink) {
        const chain = sinkStage(processors, signal, `${signal}.${sinkName}`, views, first.size);
        const tail = sinkTail(processors, exporters, set, sinkName, chain.hashes);
        pipelines[`${signal}/${sinkName}`] = { receivers: [forward], processors: [...chain.processors, ...tail.processors], exporters: tail.exporters };
      }
      continue;
    }

    // many services: routed down a tree of pipelines to their bucket (./routing.ts); each bucket
    // runs its own shared stage and its own sink stages, which meet again per sink for hashing,
    // batching and export
    const tree = routeTree(signal, buckets, forward);
    Object.assign(processors, tree.processors);
    Object.assign(connectors, tree.connectors);
    Object.assign(pipelines, tree.pipelines);
    const hashes = new Map<string, boolean>();
    for (const [i, bucket] of buckets.entries()) {
      const id = `${signal}.bucket.${i}`;
      processors[`filter/${id}`] = routeFilter(signal, bucket);
      const out = `forward/${id}`;
      connectors[out] = {};
      const shared = sharedStage(processors, signal, id, bucket.map((service) => first.get(service)!));
      pipelines[`${signal}/bucket.${i}`] = { receivers: [tree.feeds[i]!], processors: [`filter/${id}`, ...shared], exporters: [out] };
      const members = new Set(bucket);
      for (const [sinkName, all] of perSink) {
        const views = all.filter((view) => members.has(view.service));
        if (views.length === 0) continue;
        const chain = sinkStage(processors, signal, `${id}.${sinkName}`, views, bucket.length);
        hashes.set(sinkName, (hashes.get(sinkName) ?? false) || chain.hashes);
        const meet = `forward/${signal}.${sinkName}`;
        connectors[meet] = {};
        pipelines[`${signal}/bucket.${i}.${sinkName}`] = { receivers: [out], processors: chain.processors, exporters: [meet] };
      }
    }
    for (const [sinkName, hashed] of hashes) {
      const tail = sinkTail(processors, exporters, set, sinkName, hashed);
      pipelines[`${signal}/${sinkName}`] = { receivers: [`forward/${signal}.${sinkName}`], processors: tail.processors, exporters: tail.exporters };
    }
  }

  const listen = options.listen ?? { grpc: "0.0.0.0:4317", http: "0.0.0.0:4318" };
  return {
    receivers: { otlp: { protocols: { grpc: { endpoint: listen.grpc }, http: { endpoint: listen.http } } } },
    processors,
    connectors,
    exporters,
    service: { pipelines },
  };
}

/**
 * `cordon build --target collector`: the OpenTelemetry Collector configuration of one regional
 * gateway (SPEC §4) — the per-sink redaction of the generated modules, applied in the
 * Collector tier to telemetry that does not come from a generated module.
 *
 * Shape, for each signal G (traces, logs, metrics) and each sink S an accepted service sends G to:
 *
 *   otlp ──> G/in: filter/G → transform/G [→ redaction/hmac [→ transform/hmac.staged]] ──> forward/G
 *        ──> G/S: [filter/G.S →] [transform/G.S →] [redaction/hmac → transform/hmac →] batch → otlp_http/S
 *
 * Sinks whose stage (filter and statements) is the same for every service form a class: the
 * stage runs once, in G/alike.S (S its first sink), whose output goes to each sink's own
 * G/S: batch → otlp_http/S through forward/G.S. Values that more than one class hashes are
 * hashed once in the shared stage (./digests.ts), and so are detector hits some class hashes; the
 * shared stage also scans each place once for every class's detectors (./hits.ts).
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
 * (transform/G.bucket.i.S, one per class of alike sinks), meeting again per sink for batching and export:
 *
 *   otlp ──> G/in: filter/G ──> G/route.*: filter … ──> G/bucket.i: filter, transform [, hashing] ──>
 *            G/bucket.i.S: [filter →] [transform →] [hashing] ──> G/S: batch → otlp_http/S
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
import { STAGED_FINISH, stagedDigests, stagedFinishTransform, stageStatements, stagesDigests } from "./digests.js";
import { freeTextStatements, placeStatements, scanPaths, sharedPlaceStatements, type FreeText } from "./statements.js";
import { hitKeys, hitPlan, hitStageStatements, type Hits } from "./hits.js";

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
  if (place.scope === undefined) return { context: place.context, conditions: [condition], statements };
  // the term most records fail first: OTTL stops an `and` at its first false term. A place's own
  // name (a span's or metric's name is read directly, where `service.name` is looked up among the
  // resource's attributes) — but not "none of the service's names", which holds for nearly every
  // record of the other services: that place tests the service first
  const serviceFirst = place.scope.startsWith("not (");
  return { context: place.context, conditions: [serviceFirst ? `${condition} and ${place.scope}` : `${place.scope} and ${condition}`], statements };
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
function sharedGroups(views: readonly SinkView[], signal: Signal, digests: Digests, hits: HitsOf): StatementGroup[] {
  const records: StatementGroup[] = [];
  const resources: StatementGroup[] = [];
  for (const view of views) {
    const staged = digests(view.service);
    const hit = hits(view.service);
    for (const place of placesOf(view)) {
      const plan = hit?.(place);
      if (place.context === "resource") {
        // only hit digests: the resource is otherwise redacted per sink, last
        const group = plan && groupOf(view.service, place, hitStageStatements(place, plan));
        if (group) resources.push(group);
        continue;
      }
      if (place.signal !== signal) continue;
      const statements = [...sharedPlaceStatements(place, view.undeclared), ...stageStatements(staged(place))];
      const group = groupOf(view.service, place, plan ? [...statements, ...hitStageStatements(place, plan)] : statements);
      if (group) records.push(group);
    }
  }
  return ordered(records, [], resources);
}

/** The statement groups of one signal at one sink, for every service that sends it there. */
function sinkGroups(views: readonly SinkView[], signal: Signal, digests: Digests, hits: HitsOf): StatementGroup[] {
  const records: StatementGroup[] = [];
  const scopes: StatementGroup[] = [];
  const resources: StatementGroup[] = [];
  for (const view of views) {
    const staged = digests(view.service);
    const hit = hits(view.service);
    for (const place of placesOf(view)) {
      if (place.signal !== signal && place.signal !== "resource") continue;
      const plan = hit?.(place);
      const resource = place.context === "resource";
      const taken = resource ? hitKeys(place, view.detectors).filter((k) => plan?.keys.includes(k)) : [];
      const statements = [
        // a resource's first statement removes every hit digest the sink does not take (`taken`)
        ...(resource ? sharedPlaceStatements(place, view.undeclared, taken) : []),
        ...placeStatements(place, view.undeclared, view.detectors, FREE_TEXT[place.context] ?? [], staged(place), plan, resource),
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

/** For a service, the keys of each of its places that the shared stage hashed (./digests.ts). */
type Digests = (service: string) => (place: Place) => readonly string[];

/** For a service, the detector hits the shared stage hashes (./hits.ts), if any. */
type HitsOf = (service: string) => Hits | undefined;

const noHits: HitsOf = () => undefined;

const transformOf = (signal: Signal, groups: StatementGroup[]): TransformConfig => ({ error_mode: "propagate", [STATEMENTS_KEY[signal]]: groups });

/**
 * The sink-independent stage of `views` (transform/<id>), if it has statements; the processor ids
 * to run. When it stages values to hash, they are hashed here, once for every sink (./digests.ts).
 */
function sharedStage(
  processors: CollectorConfig["processors"],
  signal: Signal,
  id: string,
  views: readonly SinkView[],
  digests: Digests,
  hits: HitsOf,
): string[] {
  const groups = sharedGroups(views, signal, digests, hits);
  if (groups.length === 0) return [];
  processors[`transform/${id}`] = transformOf(signal, groups);
  const { hashes, finishes } = stagesDigests(groups);
  if (!hashes) return [`transform/${id}`];
  processors[HMAC_PROCESSOR] = hmacProcessor();
  if (!finishes) return [`transform/${id}`, HMAC_PROCESSOR];
  processors[STAGED_FINISH] = stagedFinishTransform();
  return [`transform/${id}`, HMAC_PROCESSOR, STAGED_FINISH];
}

/**
 * The sinks of one bucket whose stage is the same — the same filter and the same statements for
 * every service: the stage runs once, hashing included, and its output is copied to each of them.
 */
interface SinkClass {
  readonly sinks: string[];
  /** Only these services send the signal to the sinks (a filter), when not all of the bucket's do. */
  readonly services: readonly string[] | undefined;
  readonly groups: StatementGroup[];
  /** The views of the first sink (every sink of the class redacts alike). */
  readonly views: readonly SinkView[];
}

type PerSink = readonly (readonly [string, readonly SinkView[]])[];

/** The sink stages of `perSink` (of `of` services that reach this point), sinks with the same stage together. */
function sinkClasses(signal: Signal, perSink: PerSink, of: number, digests: Digests, hits: HitsOf): SinkClass[] {
  const byShape = new Map<string, SinkClass>();
  for (const [sink, views] of perSink) {
    const services = views.length < of ? views.map((v) => v.service) : undefined;
    const groups = sinkGroups(views, signal, digests, hits);
    const shape = JSON.stringify([services, groups]);
    const seen = byShape.get(shape);
    if (seen) seen.sinks.push(sink);
    else byShape.set(shape, { sinks: [sink], services, groups, views });
  }
  return [...byShape.values()];
}

const noDigests: Digests = () => () => [];

/**
 * The classes of sinks of `perSink` and what the shared stage hashes: the keys that more than one
 * class hashes (hashed once there instead of once per class, ./digests.ts). A key only one class
 * hashes is hashed in that class's stage, where the fields it drops are gone already.
 */
function classesAndDigests(perSink: PerSink, signal: Signal, of: number): { classes: SinkClass[]; digests: Digests; hits: HitsOf } {
  const classes = sinkClasses(signal, perSink, of, noDigests, noHits);
  const views = new Map<string, SinkView[]>();
  for (const c of classes) for (const view of c.views) views.set(view.service, [...(views.get(view.service) ?? []), view]);
  // detector hits to hash: hashed in the shared stage whatever the number of classes (./hits.ts)
  const hitPlans = new Map<string, Hits>();
  for (const [service, all] of views) {
    const hits = hitPlan(all, (place, detectors) => scanPaths(place, FREE_TEXT[place.context] ?? [], detectors));
    if (hits) hitPlans.set(service, hits);
  }
  // declared keys more than one class hashes; and when the shared stage hashes anyway, every
  // key a class hashes, so that no class needs a redaction processor of its own for them
  const plansOf = (atLeast: number) => {
    const plans = new Map<string, (place: Place) => readonly string[]>();
    if (classes.length === 1) return plans;
    for (const [service, all] of views) {
      const plan = stagedDigests(all, atLeast);
      if (plan) plans.set(service, plan);
    }
    return plans;
  };
  let plans = plansOf(2);
  if (plans.size > 0 || hitPlans.size > 0) plans = plansOf(1);
  if (plans.size === 0 && hitPlans.size === 0) return { classes, digests: noDigests, hits: noHits };
  const digests: Digests = plans.size === 0 ? noDigests : (service) => plans.get(service) ?? (() => []);
  const hits: HitsOf = (service) => hitPlans.get(service);
  // the sinks now take the staged digests: their statements, and so their classes, change
  return { classes: sinkClasses(signal, perSink, of, digests, hits), digests, hits };
}

/**
 * Registers the stage of one class (`id` names its processors): a filter when not every service
 * sends the signal there, transform/<id>, and hashing when its statements stage values to hash.
 * Returns the processor ids, in order.
 */
function classStage(processors: CollectorConfig["processors"], signal: Signal, id: string, c: SinkClass): string[] {
  const chain: string[] = [];
  if (c.services) {
    processors[`filter/${id}`] = filterFor(signal, c.services);
    chain.push(`filter/${id}`);
  }
  if (c.groups.length > 0) {
    processors[`transform/${id}`] = transformOf(signal, c.groups);
    chain.push(`transform/${id}`);
  }
  if (stagesHash(c.groups)) {
    processors[HMAC_PROCESSOR] = hmacProcessor();
    processors[HMAC_FINISH] = finishTransform();
    chain.push(HMAC_PROCESSOR, HMAC_FINISH);
  }
  return chain;
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

    // who may enter
    const forward = `forward/${signal}`;
    connectors[forward] = {};
    processors[`filter/${signal}`] = filterFor(signal, [...first.keys()]);
    const admit = [`filter/${signal}`];
    const tails = new Set<string>();
    /** Sends what leaves a pipeline to sink S: through S's own pipeline of batching and export. */
    const toSink = (sinkName: string): string => {
      tails.add(sinkName);
      connectors[`forward/${signal}.${sinkName}`] = {};
      return `forward/${signal}.${sinkName}`;
    };

    // one bucket: the sink-independent stage follows in the same pipeline, then each class of
    // sinks; many services: routed down a tree of pipelines to their bucket (./routing.ts), where
    // the bucket's own shared stage and classes run. Either way the classes' outputs meet again
    // per sink for batching and export (a class of one sink, unrouted, exports directly).
    const tree = buckets.length === 1 ? undefined : routeTree(signal, buckets, forward);
    if (tree) {
      Object.assign(processors, tree.processors);
      Object.assign(connectors, tree.connectors);
      Object.assign(pipelines, tree.pipelines);
    }
    for (const [i, bucket] of buckets.entries()) {
      const members = new Set(bucket);
      const own = perSink.map(([sink, all]) => [sink, all.filter((view) => members.has(view.service))] as const).filter(([, v]) => v.length > 0);
      const { classes, digests, hits } = classesAndDigests(own, signal, bucket.length);
      const views = bucket.map((service) => first.get(service)!);
      const id = tree ? `${signal}.bucket.${i}` : signal;
      const out = tree ? `forward/${id}` : forward;
      if (tree) {
        processors[`filter/${id}`] = routeFilter(signal, bucket);
        connectors[out] = {};
        pipelines[`${signal}/bucket.${i}`] = { receivers: [tree.feeds[i]!], processors: [`filter/${id}`, ...sharedStage(processors, signal, id, views, digests, hits)], exporters: [out] };
      } else {
        admit.push(...sharedStage(processors, signal, id, views, digests, hits));
      }
      for (const c of classes) {
        const lead = c.sinks[0]!;
        const chain = classStage(processors, signal, `${id}.${lead}`, c);
        if (!tree && c.sinks.length === 1) {
          pipelines[`${signal}/${lead}`] = { receivers: [out], processors: [...chain, "batch"], exporters: [`otlp_http/${lead}`] };
          processors.batch = {};
          exporters[`otlp_http/${lead}`] = { endpoint: set.sinks.get(lead)!.endpoint.raw };
          continue;
        }
        const name = tree ? `${signal}/bucket.${i}.${lead}` : `${signal}/alike.${lead}`;
        pipelines[name] = { receivers: [out], processors: chain, exporters: c.sinks.map(toSink) };
      }
    }
    pipelines[`${signal}/in`] = { receivers: ["otlp"], processors: admit, exporters: [forward] };
    for (const sinkName of tails) {
      processors.batch = {};
      exporters[`otlp_http/${sinkName}`] = { endpoint: set.sinks.get(sinkName)!.endpoint.raw };
      pipelines[`${signal}/${sinkName}`] = { receivers: [`forward/${signal}.${sinkName}`], processors: ["batch"], exporters: [`otlp_http/${sinkName}`] };
    }
  }

  // one redaction processor for every pipeline that hashes: it ignores every declared key (./hmac.ts)
  if (processors[HMAC_PROCESSOR]) processors[HMAC_PROCESSOR] = hmacProcessor([...bySink.values()].flatMap((signals) => [...signals.values()].flat()).flatMap((view) => view.fields));

  const listen = options.listen ?? { grpc: "0.0.0.0:4317", http: "0.0.0.0:4318" };
  return {
    receivers: { otlp: { protocols: { grpc: { endpoint: listen.grpc }, http: { endpoint: listen.http } } } },
    processors,
    connectors,
    exporters,
    service: { pipelines },
  };
}

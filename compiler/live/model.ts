/**
 * What live-check compares telemetry with, compiled once from the contract set: per service,
 * the declared fields of each span (and its events), of the logs, of each metric and of the
 * resource, each with its type, the detectors that would show it misclassified, and — with
 * `--sink` — its effective action at that sink, taken from the same flow table the code
 * generator compiles the runtime from (compiler/flows.ts `sinkView`).
 */
import type { ContractSet, DataClass, Detector, Field, NodeRef, RedactionAction, Service } from "../../contracts/model.js";
import { compileDetector, type CompiledDetector } from "../../runtime/detectors/index.js";
import { child, sinkView } from "../flows.js";
import { rawAllowedInTelemetry } from "../residency.js";

/** A detector of a data class. */
export interface ClassDetector {
  readonly class: string;
  readonly detector: CompiledDetector;
}

/** One declared field at one site. */
export interface FieldCheck {
  /** Index into the service's coverage. */
  readonly site: number;
  /** `span:<name>`, `span:<name>/event:<event>`, `log`, `metric:<name>` or `resource`. */
  readonly where: string;
  readonly field: Field;
  /** Detectors of classes more sensitive (higher level) than the field's: a hit means it is misclassified. */
  readonly moreSensitive: readonly ClassDetector[];
  /** With --sink: what must have happened to the value before the sink (`keep`: arrives raw). */
  readonly sinkAction?: RedactionAction;
}

/** A place attributes are declared: a span, an event, the logs, a metric, the resource. */
export interface Scope {
  readonly where: string;
  readonly fields: ReadonlyMap<string, FieldCheck>;
  /** Where an undeclared key would have to be declared (the span's, metric's or logs' node; the service's). */
  readonly ref: NodeRef;
  /** Undeclared keys here are findings (not for the resource, nor with `undeclared: keep`). */
  readonly reportsUndeclared: boolean;
  /** The name of the span, event or metric was declared. */
  readonly declared: boolean;
}

export interface SpanScope extends Scope {
  readonly events: ReadonlyMap<string, Scope>;
}

export interface ServiceModel {
  readonly service: Service;
  readonly spans: ReadonlyMap<string, SpanScope>;
  readonly logs: Scope;
  readonly metrics: ReadonlyMap<string, Scope>;
  readonly resource: Scope;
  /** Every declared field site, indexed by FieldCheck.site. */
  readonly sites: readonly FieldCheck[];
  /** With --sink: detectors of every class that may not go raw to the sink (from this service). */
  readonly sinkDetectors: readonly ClassDetector[];
}

export interface LiveModel {
  readonly set: ContractSet;
  readonly services: ReadonlyMap<string, ServiceModel>;
  /** The sink live-check stands in for, if any. */
  readonly sink?: string;
  /** Every detector of every class plus the built-ins: what vets names before they are printed. */
  readonly nameDetectors: readonly CompiledDetector[];
  /**
   * With --sink: for telemetry of a service.name no contract declares (nothing of cordon's
   * redacted it, and its origin is unknown), the detectors of every class that may not go raw
   * to the sink from some origin.
   */
  readonly unknownSenderDetectors: readonly ClassDetector[];
}

function toRuntime(detector: Detector): Parameters<typeof compileDetector>[0] {
  return detector.kind === "pattern" ? { pattern: detector.pattern } : detector.kind;
}

function classDetectors(dataClass: DataClass): ClassDetector[] {
  return dataClass.detectors.map((detector) => ({ class: dataClass.name, detector: compileDetector(toRuntime(detector)) }));
}

const DROP: RedactionAction = { kind: "drop" };

export function compileLiveModel(set: ContractSet, sink?: string): LiveModel {
  if (sink !== undefined && !set.sinks.has(sink)) throw new Error(`sink ${sink} is not declared`);
  const detectorsOf = new Map<string, ClassDetector[]>();
  for (const dataClass of set.classes.values()) detectorsOf.set(dataClass.name, classDetectors(dataClass));
  const nameDetectors: CompiledDetector[] = (["pan", "email", "iban", "ipv4", "ipv6"] as const).map((kind) => compileDetector(kind));
  for (const list of detectorsOf.values()) for (const { detector } of list) if (detector.label.startsWith("pattern:")) nameDetectors.push(detector);

  const moreSensitiveThan = (className: string): ClassDetector[] => {
    const level = set.classes.get(className)?.level ?? Number.POSITIVE_INFINITY;
    const out: ClassDetector[] = [];
    for (const dataClass of set.classes.values()) if (dataClass.level > level) out.push(...(detectorsOf.get(dataClass.name) ?? []));
    return out;
  };

  const services = new Map<string, ServiceModel>();
  for (const service of set.services.values()) services.set(service.name, compileService(set, service, sink, moreSensitiveThan, detectorsOf));
  return { set, services, ...(sink !== undefined ? { sink } : {}), nameDetectors, unknownSenderDetectors: unknownSenderDetectors(set, sink, detectorsOf) };
}

function unknownSenderDetectors(set: ContractSet, sink: string | undefined, detectorsOf: ReadonlyMap<string, ClassDetector[]>): ClassDetector[] {
  const region = sink === undefined ? undefined : set.sinks.get(sink)?.region;
  if (region === undefined) return [];
  const origins = new Set([...set.regions.values()].map((r) => r.jurisdiction));
  const out: ClassDetector[] = [];
  for (const dataClass of set.classes.values()) {
    if ([...origins].some((origin) => !rawAllowedInTelemetry(set, dataClass, origin, region))) out.push(...(detectorsOf.get(dataClass.name) ?? []));
  }
  return out;
}

function compileService(
  set: ContractSet,
  service: Service,
  sink: string | undefined,
  moreSensitiveThan: (className: string) => ClassDetector[],
  detectorsOf: ReadonlyMap<string, ClassDetector[]>,
): ServiceModel {
  const view = sink !== undefined ? sinkView(set, service, sink) : undefined;
  const actions = new Map<string, RedactionAction>();
  for (const site of view?.fields ?? []) actions.set(`${site.where}\u0000${site.field.key}`, site.action);

  const sites: FieldCheck[] = [];
  const telemetryRef = service.telemetry.ref ?? service.ref;
  const reports = service.telemetry.undeclared !== "keep";
  const scope = (where: string, fields: readonly Field[], ref: NodeRef | undefined, reportsUndeclared: boolean): Scope => {
    const checks = new Map<string, FieldCheck>();
    for (const field of fields) {
      const check: FieldCheck = {
        site: sites.length,
        where,
        field,
        moreSensitive: moreSensitiveThan(field.class),
        // A field whose signal does not reach the sink must not arrive there at all (fail closed).
        ...(view ? { sinkAction: actions.get(`${where}\u0000${field.key}`) ?? DROP } : {}),
      };
      sites.push(check);
      checks.set(field.key, check);
    }
    return { where, fields: checks, ref: ref ?? telemetryRef, reportsUndeclared, declared: true };
  };

  const { telemetry } = service;
  const resource = scope("resource", telemetry.resource, child(telemetryRef, "resource"), false);
  const spans = new Map<string, SpanScope>();
  for (const span of telemetry.spans) {
    const spanScope = scope(`span:${span.name}`, span.attributes, span.ref, reports);
    const events = new Map<string, Scope>();
    for (const event of span.events) events.set(event.name, scope(`span:${span.name}/event:${event.name}`, event.attributes, event.ref, reports));
    spans.set(span.name, { ...spanScope, events });
  }
  const logs = scope("log", telemetry.logs.attributes, telemetry.logs.ref, reports);
  const metrics = new Map<string, Scope>();
  for (const metric of telemetry.metrics) metrics.set(metric.name, scope(`metric:${metric.name}`, metric.attributes, metric.ref, reports));

  const sinkDetectors: ClassDetector[] = [];
  for (const { class: className } of view?.detectors ?? []) {
    if (!sinkDetectors.some((d) => d.class === className)) sinkDetectors.push(...(detectorsOf.get(className) ?? []));
  }
  return { service, spans, logs, metrics, resource, sites, sinkDetectors };
}

const NO_FIELDS: ReadonlyMap<string, FieldCheck> = new Map();

/** The scope of a name the contract does not declare (a span, event or metric nobody declared). */
export function undeclaredScope(where: string, model: ServiceModel): Scope {
  return {
    where,
    fields: NO_FIELDS,
    ref: model.service.telemetry.ref ?? model.service.ref,
    reportsUndeclared: model.service.telemetry.undeclared !== "keep",
    declared: false,
  };
}

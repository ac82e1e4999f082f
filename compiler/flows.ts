/**
 * The flow table: every place a service's data goes, with what the contract says happens
 * to it there. Computed once per contract set and read by the rules, the code generator,
 * the collector target, the report and the diff — so it is plain data, nothing more.
 */
import type {
  ContractSet,
  Detector,
  Field,
  NodeRef,
  RedactionAction,
  Service,
  Signal,
  Sink,
} from "../contracts/model.js";
import {
  allowance,
  effectiveAction,
  jurisdictionOf,
  listAdmits,
  rawAllowedIn,
  rawAllowedInTelemetry,
} from "./residency.js";
import { declaredRegions, type IacView, type Placement } from "./iac/placement.js";

/** Where a declared telemetry field is emitted. */
export interface FieldSite {
  /** The signal it travels on; "resource" fields travel with every signal. */
  readonly signal: Signal | "resource";
  /** `span:<name>`, `span:<name>/event:<event>`, `log`, `metric:<name>` or `resource`. */
  readonly where: string;
  readonly span?: string;
  readonly event?: string;
  readonly metric?: string;
  readonly field: Field;
}

/** One declared field on its way to one sink. */
export interface TelemetryFlow extends FieldSite {
  readonly service: string;
  /** Jurisdiction of the service's home region. */
  readonly origin: string;
  readonly sink: string;
  readonly region: string;
  readonly jurisdiction: string;
  /** The class may go raw to this sink (allowed there, and raw_in_telemetry is not false). */
  readonly rawAllowed: boolean;
  /** What happens to the value at this sink: `keep` = raw. */
  readonly action: RedactionAction;
  /** The action where raw may not go, before the field's override (the class's own). */
  readonly classAction: RedactionAction;
  /** The redacted form may go to this sink (`redacted_allowed_in`). */
  readonly redactedAllowed: boolean;
  /** `<service>/<where>/<key> -> <sink>` */
  readonly subject: string;
}

export type ResidencyFlowKind = "store" | "deployment" | "backup" | "dependency";

/** Raw data of one class placed in one region: a store replica, a failover or backup region, a dependency. */
export interface ResidencyFlow {
  readonly kind: ResidencyFlowKind;
  readonly service: string;
  readonly origin: string;
  readonly class: string;
  readonly region: string;
  readonly jurisdiction: string;
  readonly allowed: boolean;
  /** For `store`. */
  readonly store?: string;
  /** For `dependency`. */
  readonly dependency?: string;
  /** The YAML node that puts the data there (the region or class list item). */
  readonly ref: NodeRef;
  readonly subject: string;
  /** The Terraform resource that puts the data there (`check --iac`), when the contract does not. */
  readonly resource?: string;
}

export interface FlowTable {
  readonly telemetry: readonly TelemetryFlow[];
  readonly residency: readonly ResidencyFlow[];
}

/** Every declared field of a service, with where it is emitted. */
export function fieldSites(service: Service): FieldSite[] {
  const sites: FieldSite[] = [];
  const { telemetry } = service;
  for (const field of telemetry.resource) sites.push({ signal: "resource", where: "resource", field });
  for (const span of telemetry.spans) {
    for (const field of span.attributes) sites.push({ signal: "traces", where: `span:${span.name}`, span: span.name, field });
    for (const event of span.events) {
      for (const field of event.attributes) {
        sites.push({
          signal: "traces",
          where: `span:${span.name}/event:${event.name}`,
          span: span.name,
          event: event.name,
          field,
        });
      }
    }
  }
  for (const field of telemetry.logs.attributes) sites.push({ signal: "logs", where: "log", field });
  for (const metric of telemetry.metrics) {
    for (const field of metric.attributes) sites.push({ signal: "metrics", where: `metric:${metric.name}`, metric: metric.name, field });
  }
  return sites;
}

/** The sinks a service exports `signal` to ("resource": every sink of the service). */
export function sinksFor(set: ContractSet, service: Service, signal: Signal | "resource"): Sink[] {
  const sinks: Sink[] = [];
  for (const name of service.telemetry.sinks) {
    const sink = set.sinks.get(name);
    if (sink && (signal === "resource" || sink.signals.includes(signal))) sinks.push(sink);
  }
  return sinks;
}

/** Whether a class from an origin may go raw / redacted to a region: computed once per triple. */
interface Admission {
  readonly rawAllowed: boolean;
  readonly redactedAllowed: boolean;
}

/**
 * Memoised residency answers. A large organisation has ~100k field × sink flows but only
 * classes × origins × sink regions distinct questions.
 */
function admissions(set: ContractSet): (className: string, origin: string, region: string) => Admission {
  const memo = new Map<string, Admission>();
  return (className, origin, region) => {
    const key = `${className}\u0000${origin}\u0000${region}`;
    let answer = memo.get(key);
    if (!answer) {
      const dataClass = set.classes.get(className);
      const jurisdiction = jurisdictionOf(set, region);
      answer = {
        rawAllowed: dataClass ? rawAllowedInTelemetry(set, dataClass, origin, region) : false,
        redactedAllowed: listAdmits(allowance(set, className, origin).redactedAllowedIn, region, jurisdiction),
      };
      memo.set(key, answer);
    }
    return answer;
  };
}

const KEEP: RedactionAction = { kind: "keep" };
const DROP: RedactionAction = { kind: "drop" };

function telemetryFlow(
  set: ContractSet,
  admit: ReturnType<typeof admissions>,
  service: Service,
  site: FieldSite,
  sink: Sink,
): TelemetryFlow {
  const origin = service.jurisdiction;
  const dataClass = set.classes.get(site.field.class);
  const { rawAllowed, redactedAllowed } = admit(site.field.class, origin, sink.region);
  const classAction = dataClass ? dataClass.redaction : DROP;
  return {
    // Every flow has the same properties in the same order (one hidden class for 100k flows).
    signal: site.signal,
    where: site.where,
    span: site.span,
    event: site.event,
    metric: site.metric,
    field: site.field,
    service: service.name,
    origin,
    sink: sink.name,
    region: sink.region,
    jurisdiction: sink.jurisdiction,
    rawAllowed,
    // keep where raw may go; else the field's override, else its class's action (SPEC §1.3)
    action: rawAllowed ? KEEP : (site.field.redaction ?? classAction),
    classAction,
    redactedAllowed,
    subject: `${service.name}/${site.where}/${site.field.key} -> ${sink.name}`,
  };
}

function residencyFlows(set: ContractSet, service: Service): ResidencyFlow[] {
  const flows: ResidencyFlow[] = [];
  const origin = service.jurisdiction;
  const place = (
    kind: ResidencyFlowKind,
    className: string,
    region: string,
    ref: NodeRef,
    subject: string,
    extra: { store?: string; dependency?: string } = {},
  ): void => {
    flows.push({
      kind,
      service: service.name,
      origin,
      class: className,
      region,
      jurisdiction: jurisdictionOf(set, region),
      allowed: rawAllowedIn(set, className, origin, region),
      ref,
      subject,
      ...extra,
    });
  };

  const storedClasses = new Set<string>();
  for (const store of service.stores) {
    store.classes.forEach((className) => storedClasses.add(className));
    store.regions.forEach((region, i) => {
      const ref = child(store.ref, "regions", i);
      for (const className of store.classes) {
        place("store", className, region, ref, `${service.name}/store:${store.name}/${className} -> ${region}`, {
          store: store.name,
        });
      }
    });
  }

  const { deployment } = service;
  deployment.regions.forEach((region, i) => {
    if (region === service.region) return; // the home region is the origin, not a failover target
    const ref = deployment.ref ? child(deployment.ref, "regions", i) : service.ref;
    for (const className of storedClasses) {
      place("deployment", className, region, ref, `${service.name}/deployment/${className} -> ${region}`);
    }
  });
  deployment.backup?.regions.forEach((region, i) => {
    const ref = child(deployment.backup!.ref, "regions", i);
    for (const className of storedClasses) {
      place("backup", className, region, ref, `${service.name}/backup/${className} -> ${region}`);
    }
  });

  for (const dependency of service.dependencies) {
    const target = set.services.get(dependency.service);
    if (!target) continue;
    dependency.sends.forEach((className, i) => {
      place(
        "dependency",
        className,
        target.region,
        child(dependency.ref, "sends", i),
        `${service.name}/${className} -> ${dependency.service}`,
        { dependency: dependency.service },
      );
    });
  }
  return flows;
}

export function child(ref: NodeRef, ...path: (string | number)[]): NodeRef {
  return { file: ref.file, doc: ref.doc, path: [...ref.path, ...path] };
}

/**
 * Regions where `check --iac` found a store's data although the contract does not declare
 * them there: judged by the residency rules exactly as declared regions are (SPEC §7).
 */
function iacResidencyFlows(set: ContractSet, iac: IacView, declared: readonly ResidencyFlow[]): ResidencyFlow[] {
  const subjects = new Set(declared.map((flow) => flow.subject));
  const flows: ResidencyFlow[] = [];
  const place = (placement: Placement, kind: "store" | "backup", region: string, resource: string): void => {
    const { service, store } = placement;
    for (const className of store.classes) {
      const subject =
        kind === "store" ? `${service.name}/store:${store.name}/${className} -> ${region}` : `${service.name}/backup/${className} -> ${region}`;
      if (subjects.has(subject)) continue;
      subjects.add(subject);
      flows.push({
        kind,
        service: service.name,
        origin: service.jurisdiction,
        class: className,
        region,
        jurisdiction: jurisdictionOf(set, region),
        allowed: rawAllowedIn(set, className, service.jurisdiction, region),
        ...(kind === "store" ? { store: store.name } : {}),
        ref: placement.ref,
        subject,
        resource,
      });
    }
  };
  for (const placement of iac.placements) {
    const { resource } = placement;
    if (resource.region.known && !placement.store.regions.includes(resource.region.region)) place(placement, "store", resource.region.region, resource.address);
    for (const copy of placement.copies) {
      if (!copy.region.known || declaredRegions(placement.service, placement.store, copy.kind).has(copy.region.region)) continue;
      place(placement, copy.kind === "backup" ? "backup" : "store", copy.region.region, copy.holder);
    }
  }
  return flows;
}

/** The flow table of a whole contract set, services in declaration order (with `iac`, the regions the infrastructure adds). */
export function computeFlows(set: ContractSet, iac?: IacView): FlowTable {
  const telemetry: TelemetryFlow[] = [];
  const residency: ResidencyFlow[] = [];
  const admit = admissions(set);
  for (const service of set.services.values()) {
    const sinksBySignal = new Map<Signal | "resource", Sink[]>();
    for (const site of fieldSites(service)) {
      let sinks = sinksBySignal.get(site.signal);
      if (!sinks) sinksBySignal.set(site.signal, (sinks = sinksFor(set, service, site.signal)));
      for (const sink of sinks) telemetry.push(telemetryFlow(set, admit, service, site, sink));
    }
    residency.push(...residencyFlows(set, service));
  }
  if (iac) residency.push(...iacResidencyFlows(set, iac, residency));
  return { telemetry, residency };
}

/** A value detector to run at a sink, and what to do with a match. */
export interface SinkDetector {
  readonly class: string;
  readonly detector: Detector;
  readonly action: RedactionAction;
}

/** Everything the code generator (and the collector target) needs to redact for one sink. */
export interface SinkView {
  readonly service: string;
  readonly sink: Sink;
  /** The signals this service exports to the sink. */
  readonly signals: readonly Signal[];
  /** Every declared field site whose signal reaches the sink, with its action there. */
  readonly fields: readonly (FieldSite & { readonly action: RedactionAction })[];
  /**
   * Detectors of every class (declared by this service or not) that may not go raw to the
   * sink; they run on every string value. A class whose action is `keep` detects into `drop`:
   * a detector match is by definition a value that may not go raw.
   */
  readonly detectors: readonly SinkDetector[];
  readonly undeclared: "drop" | "keep";
}

export function sinkView(set: ContractSet, service: Service, sinkName: string): SinkView {
  const sink = set.sinks.get(sinkName);
  if (!sink) throw new Error(`sink ${sinkName} is not declared`);
  const origin = service.jurisdiction;
  const signals = service.telemetry.sinks.includes(sinkName) ? sink.signals : [];
  const fields = fieldSites(service)
    .filter((site) => site.signal === "resource" || signals.includes(site.signal))
    .map((site) => ({ ...site, action: effectiveAction(set, site.field, origin, sink.region) }));
  const detectors: SinkDetector[] = [];
  for (const dataClass of set.classes.values()) {
    if (dataClass.detectors.length === 0) continue;
    if (rawAllowedInTelemetry(set, dataClass, origin, sink.region)) continue;
    const action: RedactionAction = dataClass.redaction.kind === "keep" ? { kind: "drop" } : dataClass.redaction;
    for (const detector of dataClass.detectors) detectors.push({ class: dataClass.name, detector, action });
  }
  return { service: service.name, sink, signals, fields, detectors, undeclared: service.telemetry.undeclared };
}

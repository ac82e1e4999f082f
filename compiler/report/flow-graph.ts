/**
 * The data-flow map as a graph: services, sinks, stores and failover/backup regions, each in
 * its jurisdiction; one edge per service → destination, coloured by what crosses it.
 */
import type { ContractSet, Service } from "../../contracts/model.js";
import type { FlowTable, ResidencyFlow, TelemetryFlow } from "../flows.js";
import { ANYWHERE, allowance, jurisdictionOf } from "../residency.js";
import type { ReportedFinding } from "../result.js";
import { findingsAbout, type FindingIndex } from "./finding-index.js";
import type { EdgeKind, EdgeStatus, FlowGraph, GraphEdge, GraphNode } from "./model.js";

export const serviceNode = (name: string): string => `service:${name}`;
export const sinkNode = (name: string): string => `sink:${name}`;
export const storeNode = (service: string, store: string, jurisdiction: string): string =>
  `store:${service}/${store}@${jurisdiction}`;
export const regionNode = (region: string): string => `region:${region}`;

/** Is the class restricted for values from `origin` (raw values may not go just anywhere)? */
type Restricted = (className: string) => boolean;

function restrictedFor(set: ContractSet, origin: string): Restricted {
  return (className) => !allowance(set, className, origin).allowedIn.includes(ANYWHERE);
}

/**
 * What an edge shows: a finding on it first; else whether raw values of a restricted class
 * cross it, only their redacted form, or only data that may go anywhere ("none").
 */
function statusOf(
  findings: readonly ReportedFinding[],
  rawClasses: readonly string[],
  redactedClasses: readonly string[],
  restricted: Restricted,
): EdgeStatus {
  if (findings.some((f) => !f.waived)) return "violation";
  if (findings.length > 0) return "waived";
  if (rawClasses.some(restricted)) return "raw";
  if (redactedClasses.some(restricted)) return "redacted";
  return "none";
}

const unique = (items: Iterable<string>): string[] => [...new Set(items)];

function edge(
  kind: EdgeKind,
  from: string,
  to: string,
  subjects: Iterable<string>,
  rawClasses: readonly string[],
  redactedClasses: readonly string[],
  index: FindingIndex,
  restricted: Restricted,
  extra: { soft?: boolean } = {},
): GraphEdge {
  const findings = findingsAbout(index, subjects);
  return {
    id: `${kind}:${from}->${to}`,
    from,
    to,
    kind,
    status: statusOf(findings, rawClasses, redactedClasses, restricted),
    rawClasses,
    redactedClasses,
    ...extra,
    findings: findings.map((f) => f.id),
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function telemetryEdges(service: Service, flows: readonly TelemetryFlow[], index: FindingIndex, restricted: Restricted): GraphEdge[] {
  const bySink = groupBy(flows, (f) => f.sink);
  return service.telemetry.sinks.flatMap((sink) => {
    const toSink = bySink.get(sink) ?? [];
    const raw = unique(toSink.filter((f) => f.action.kind === "keep").map((f) => f.field.class));
    const redacted = unique(
      toSink.filter((f) => f.action.kind !== "keep" && f.action.kind !== "drop").map((f) => f.field.class),
    );
    return [edge("telemetry", serviceNode(service.name), sinkNode(sink), toSink.map((f) => f.subject), raw, redacted, index, restricted)];
  });
}

export function buildFlowGraph(set: ContractSet, flows: FlowTable, index: FindingIndex): FlowGraph {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const flagged = (subject: string): boolean => (index.get(subject) ?? []).some((f) => !f.waived);

  for (const service of set.services.values()) {
    nodes.set(serviceNode(service.name), {
      id: serviceNode(service.name),
      kind: "service",
      label: service.name,
      detail: `${service.tier} · ${service.region}`,
      jurisdiction: service.jurisdiction,
      flagged: flagged(service.name),
      tier: service.tier,
    });
  }
  for (const sink of set.sinks.values()) {
    nodes.set(sinkNode(sink.name), {
      id: sinkNode(sink.name),
      kind: "sink",
      label: sink.name,
      detail: `${sink.region} · ${sink.signals.join(", ")}`,
      jurisdiction: sink.jurisdiction,
      flagged: false,
    });
  }

  const telemetryOf = groupBy(flows.telemetry, (f) => f.service);
  const residencyOf = groupBy(flows.residency, (f) => f.service);
  for (const service of set.services.values()) {
    const restricted = restrictedFor(set, service.jurisdiction);
    edges.push(...telemetryEdges(service, telemetryOf.get(service.name) ?? [], index, restricted));
    const placed = residencyOf.get(service.name) ?? [];
    edges.push(...storeEdges(set, service, placed, index, restricted, nodes));
    edges.push(...regionEdges(set, service, placed, index, restricted, nodes));
    edges.push(...dependencyEdges(service, placed, index, restricted, nodes));
  }

  const jurisdictions = new Map<string, string[]>();
  for (const region of set.regions.values()) {
    const list = jurisdictions.get(region.jurisdiction);
    if (list) list.push(region.id);
    else jurisdictions.set(region.jurisdiction, [region.id]);
  }
  for (const node of nodes.values()) if (!jurisdictions.has(node.jurisdiction)) jurisdictions.set(node.jurisdiction, []);
  return {
    jurisdictions: [...jurisdictions].map(([id, regions]) => ({ id, regions })),
    nodes: [...nodes.values()],
    edges,
  };
}

function storeEdges(
  set: ContractSet,
  service: Service,
  placed: readonly ResidencyFlow[],
  index: FindingIndex,
  restricted: Restricted,
  nodes: Map<string, GraphNode>,
): GraphEdge[] {
  const edges: GraphEdge[] = [];
  for (const store of service.stores) {
    const byJurisdiction = groupBy(store.regions, (region) => jurisdictionOf(set, region));
    for (const [jurisdiction, regions] of byJurisdiction) {
      const id = storeNode(service.name, store.name, jurisdiction);
      nodes.set(id, {
        id,
        kind: "store",
        label: store.name,
        detail: `${store.kind} · ${regions.join(", ")}`,
        jurisdiction,
        flagged: false,
      });
      const subjects = placed
        .filter((f) => f.kind === "store" && f.store === store.name && f.jurisdiction === jurisdiction)
        .map((f) => f.subject);
      edges.push(edge("store", serviceNode(service.name), id, subjects, [...store.classes], [], index, restricted));
    }
  }
  return edges;
}

function regionEdges(
  set: ContractSet,
  service: Service,
  placed: readonly ResidencyFlow[],
  index: FindingIndex,
  restricted: Restricted,
  nodes: Map<string, GraphNode>,
): GraphEdge[] {
  const stored = unique(service.stores.flatMap((s) => s.classes));
  const targets: { kind: "deployment" | "backup"; region: string }[] = [
    ...service.deployment.regions.filter((r) => r !== service.region).map((region) => ({ kind: "deployment" as const, region })),
    ...(service.deployment.backup?.regions ?? []).map((region) => ({ kind: "backup" as const, region })),
  ];
  const seen = new Set<string>();
  return targets.filter(({ kind, region }) => !seen.has(`${kind} ${region}`) && seen.add(`${kind} ${region}`)).map(({ kind, region }) => {
    const id = regionNode(region);
    if (!nodes.has(id)) {
      nodes.set(id, { id, kind: "region", label: region, detail: "failover / backup region", jurisdiction: jurisdictionOf(set, region), flagged: false });
    }
    const subjects = placed.filter((f) => f.kind === kind && f.region === region).map((f) => f.subject);
    return edge(kind, serviceNode(service.name), id, subjects, stored, [], index, restricted);
  });
}

function dependencyEdges(
  service: Service,
  placed: readonly ResidencyFlow[],
  index: FindingIndex,
  restricted: Restricted,
  nodes: ReadonlyMap<string, GraphNode>,
): GraphEdge[] {
  return service.dependencies
    .filter((d) => nodes.has(serviceNode(d.service)))
    .map((dependency) => {
      const subjects = [
        `${service.name} -> ${dependency.service}`,
        ...placed.filter((f) => f.kind === "dependency" && f.dependency === dependency.service).map((f) => f.subject),
      ];
      return edge(
        "dependency",
        serviceNode(service.name),
        serviceNode(dependency.service),
        subjects,
        [...dependency.sends],
        [],
        index,
        restricted,
        dependency.hard ? {} : { soft: true },
      );
    });
}

/**
 * A flow map small enough to lay out and read when the organisation is large: services
 * folded into one node per jurisdiction and tier, stores into one node per jurisdiction;
 * sinks and regions stay. Merged edges keep the worst status, so a single violation still
 * shows in red. The report's tables keep every flow; only the picture is summarised.
 */
import type { EdgeStatus, FlowGraph, GraphEdge, GraphNode } from "./model.js";

/** Above these, ELK's layered layout takes seconds and the picture stops being legible. */
export const FULL_MAP_MAX_NODES = 160;
export const FULL_MAP_MAX_EDGES = 480;

const WORST: Readonly<Record<EdgeStatus, number>> = { none: 0, redacted: 1, raw: 2, waived: 3, violation: 4 };

export function needsSummary(graph: FlowGraph): boolean {
  return graph.nodes.length > FULL_MAP_MAX_NODES || graph.edges.length > FULL_MAP_MAX_EDGES;
}

const union = (a: readonly string[], b: readonly string[]): string[] => [...new Set([...a, ...b])];

export function summariseFlowGraph(graph: FlowGraph): FlowGraph {
  const groupOf = new Map<string, string>();
  const groups = new Map<string, { node: GraphNode; members: number }>();
  const join = (id: string, make: () => GraphNode, flagged: boolean): void => {
    const existing = groups.get(id);
    if (existing) {
      existing.members++;
      if (flagged && !existing.node.flagged) existing.node = { ...existing.node, flagged: true };
    } else groups.set(id, { node: { ...make(), flagged }, members: 1 });
  };
  for (const node of graph.nodes) {
    if (node.kind === "service") {
      const id = `service-group:${node.jurisdiction}/${node.tier ?? ""}`;
      groupOf.set(node.id, id);
      join(id, () => ({ id, kind: "service-group", label: `${node.tier ?? "services"} in ${node.jurisdiction}`, detail: "", jurisdiction: node.jurisdiction }) as GraphNode, node.flagged);
    } else if (node.kind === "store") {
      const id = `store-group:${node.jurisdiction}`;
      groupOf.set(node.id, id);
      join(id, () => ({ id, kind: "store-group", label: `stores in ${node.jurisdiction}`, detail: "", jurisdiction: node.jurisdiction }) as GraphNode, false);
    } else {
      groupOf.set(node.id, node.id);
      groups.set(node.id, { node, members: 1 });
    }
  }
  const nodes = [...groups.values()].map(({ node, members }) =>
    node.kind === "service-group" || node.kind === "store-group"
      ? { ...node, detail: `${members} ${node.kind === "service-group" ? "services" : "stores"}` }
      : node,
  );

  const edges = new Map<string, GraphEdge>();
  for (const edge of graph.edges) {
    const from = groupOf.get(edge.from) ?? edge.from;
    const to = groupOf.get(edge.to) ?? edge.to;
    if (from === to) continue;
    const id = `${edge.kind}:${from}->${to}`;
    const previous = edges.get(id);
    if (!previous) {
      edges.set(id, { ...edge, id, from, to });
      continue;
    }
    edges.set(id, {
      ...previous,
      status: WORST[edge.status] > WORST[previous.status] ? edge.status : previous.status,
      rawClasses: union(previous.rawClasses, edge.rawClasses),
      redactedClasses: union(previous.redactedClasses, edge.redactedClasses),
      ...(previous.soft && edge.soft ? { soft: true } : { soft: false }),
      findings: union(previous.findings, edge.findings),
    });
  }
  return { jurisdictions: graph.jurisdictions, nodes, edges: [...edges.values()] };
}

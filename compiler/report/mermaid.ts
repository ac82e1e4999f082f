/**
 * The data-flow map as a Mermaid `flowchart` for GitHub: a subgraph per jurisdiction, node
 * ids generated (never user text), labels entity-encoded so no name can break the syntax.
 * Past Mermaid's default limits (500 edges, 50,000 characters) the map is drawn per
 * jurisdiction instead of per service, and says so.
 */
import type { EdgeStatus, FlowGraph, GraphEdge, GraphNode, NodeKind } from "./model.js";
import { EDGE_COLOURS } from "./svg.js";

const MAX_EDGES = 400;
const MAX_TEXT = 45_000;

/** Every character outside a small safe set becomes a Mermaid entity code (`#35;`). */
export function mermaidLabel(text: string): string {
  let out = "";
  for (const char of text) {
    out += /[A-Za-z0-9 .,:@/_+=-]/.test(char) ? char : `#${char.codePointAt(0)};`;
  }
  return `"${out}"`;
}

function shape(kind: NodeKind, label: string): string {
  switch (kind) {
    case "sink":
      return `[/${label}/]`;
    case "store":
      return `[(${label})]`;
    case "region":
      return `{{${label}}}`;
    default:
      return `[${label}]`;
  }
}

function arrow(edge: Pick<GraphEdge, "status" | "soft" | "kind">): string {
  if (edge.status === "violation") return "==>";
  if (edge.soft || edge.kind === "backup" || edge.kind === "deployment" || edge.status === "waived") return "-.->";
  return "-->";
}

const EDGE_LABEL: Partial<Record<EdgeStatus, string>> = { violation: "violation", waived: "waived" };

interface Drawable {
  readonly nodes: readonly (Pick<GraphNode, "id" | "kind" | "jurisdiction" | "flagged"> & { readonly label: string })[];
  readonly edges: readonly Pick<GraphEdge, "from" | "to" | "status" | "soft" | "kind">[];
}

function draw(graph: Drawable, jurisdictions: readonly string[]): string {
  const ids = new Map<string, string>();
  graph.nodes.forEach((node, i) => ids.set(node.id, `n${i}`));
  const lines = ["flowchart LR"];
  jurisdictions.forEach((jurisdiction, j) => {
    const members = graph.nodes.filter((n) => n.jurisdiction === jurisdiction);
    if (members.length === 0) return;
    lines.push(`  subgraph j${j}[${mermaidLabel(jurisdiction)}]`);
    for (const node of members) lines.push(`    ${ids.get(node.id)}${shape(node.kind, mermaidLabel(node.label))}`);
    lines.push("  end");
  });
  const styles: string[] = [];
  let index = 0; // linkStyle counts the edges actually drawn
  for (const edge of graph.edges) {
    const from = ids.get(edge.from);
    const to = ids.get(edge.to);
    if (!from || !to) continue;
    const i = index++;
    const label = EDGE_LABEL[edge.status];
    lines.push(`  ${from} ${arrow(edge)}${label ? `|${label}|` : ""} ${to}`);
    styles.push(`  linkStyle ${i} stroke:${EDGE_COLOURS[edge.status]}${edge.status === "violation" ? ",stroke-width:3px" : ""}`);
  }
  lines.push(...styles);
  lines.push("  classDef flagged stroke:#dc2626,stroke-width:3px");
  const flagged = graph.nodes.filter((n) => n.flagged).map((n) => ids.get(n.id)!);
  if (flagged.length > 0) lines.push(`  class ${flagged.join(",")} flagged`);
  return lines.join("\n");
}

const SEVERITY: Readonly<Record<EdgeStatus, number>> = { none: 0, redacted: 1, raw: 2, waived: 3, violation: 4 };

/** Services folded into one node per jurisdiction; edges merged, keeping the worst status. */
function perJurisdiction(graph: FlowGraph): Drawable {
  const kindOf = new Map(graph.nodes.map((n) => [n.id, n]));
  const collapsed = (id: string): string => {
    const node = kindOf.get(id);
    return node && (node.kind === "service" || node.kind === "store") ? `services@${node.jurisdiction}` : id;
  };
  const nodes = new Map<string, Drawable["nodes"][number]>();
  for (const node of graph.nodes) {
    const id = collapsed(node.id);
    if (id === node.id) nodes.set(id, node);
    else if (!nodes.has(id)) {
      const count = graph.nodes.filter((n) => n.kind === "service" && n.jurisdiction === node.jurisdiction).length;
      nodes.set(id, { id, kind: "service", jurisdiction: node.jurisdiction, flagged: false, label: `${count} services in ${node.jurisdiction} (and their stores)` });
    }
  }
  const edges = new Map<string, Drawable["edges"][number]>();
  for (const edge of graph.edges) {
    const from = collapsed(edge.from);
    const to = collapsed(edge.to);
    if (from === to) continue;
    const key = `${from}\u0000${to}`;
    const previous = edges.get(key);
    if (!previous || SEVERITY[edge.status] > SEVERITY[previous.status]) edges.set(key, { from, to, status: edge.status, kind: edge.kind });
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** The Mermaid source, and whether it had to be drawn per jurisdiction to fit GitHub's limits. */
export function renderMermaid(graph: FlowGraph): { source: string; collapsed: boolean } {
  const jurisdictions = graph.jurisdictions.map((j) => j.id);
  const full = draw(graph, jurisdictions);
  if (graph.edges.length <= MAX_EDGES && full.length <= MAX_TEXT) return { source: full, collapsed: false };
  return { source: draw(perJurisdiction(graph), jurisdictions), collapsed: true };
}

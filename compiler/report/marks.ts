/**
 * What the HTML marks as a violation outside the findings table: rows of the inventory,
 * stores and dependencies a finding is about, and the flows table under the map, which names
 * the classes on every edge (a map's hover titles are lost on paper) and numbers the edges
 * that carry a violation, as tags drawn on the map.
 */
import { escapeBreakable as breakable, escapeHtml as esc } from "./escape.js";
import type { EdgeStatus, FlowGraph, GraphEdge, GraphNode, ReportFindingRow } from "./model.js";

export type MarkState = "violation" | "waived";

/** Finding id → its rule and whether it still fails the gate. */
export type FindingStates = ReadonlyMap<string, { readonly rule: string; readonly state: MarkState }>;

export function findingStates(rows: readonly ReportFindingRow[]): FindingStates {
  return new Map(rows.map((f) => [f.id, { rule: f.rule, state: f.waived ? "waived" : "violation" }]));
}

/** The mark for something with these findings: red when one is unwaived, purple when all are waived. */
export function inventoryMark(findings: readonly string[], states: FindingStates): { state?: MarkState; html: string } {
  const known = findings.map((id) => states.get(id)).filter((s) => s !== undefined);
  if (known.length === 0) return { html: "" };
  const state: MarkState = known.some((s) => s.state === "violation") ? "violation" : "waived";
  const rules = [...new Set(known.map((s) => s.rule))];
  const symbol = state === "violation" ? "✗" : "◌";
  const cls = state === "violation" ? "bad" : "waivedc";
  return {
    state,
    html: `<span class="mark ${cls}" title="${esc(state)}">${symbol} ${rules.map((r) => `<code>${esc(r)}</code>`).join(", ")}${state === "waived" ? " (waived)" : ""}</span>`,
  };
}

const ORDER: Readonly<Record<EdgeStatus, number>> = { violation: 0, waived: 1, raw: 2, redacted: 3, none: 4 };

const describeNode = (node: GraphNode | undefined, id: string): string =>
  node
    ? `<code>${esc(node.label)}</code> <span class="hint">${esc(node.kind)} · ${esc(node.jurisdiction)}</span>`
    : `<code>${esc(id)}</code>`;

const classList = (classes: readonly string[]): string =>
  classes.length === 0 ? `<span class="hint">—</span>` : classes.map((c) => `<code>${esc(c)}</code>`).join(", ");

/**
 * The table of edges that carry data or findings, violations first; violation and waived
 * edges get a number, the tag the map draws on them.
 */
export function flowRows(graph: FlowGraph, states: FindingStates): { html: string; tagOf: ReadonlyMap<string, number> } {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const shown = graph.edges
    .filter((e) => e.from !== e.to && (e.rawClasses.length > 0 || e.redactedClasses.length > 0 || e.findings.length > 0))
    .sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  const tagOf = new Map<string, number>();
  for (const edge of shown) if (edge.status === "violation" || edge.status === "waived") tagOf.set(edge.id, tagOf.size + 1);
  if (shown.length === 0) return { html: "", tagOf };
  const row = (edge: GraphEdge): string => {
    const tag = tagOf.get(edge.id);
    const rules = [...new Set(edge.findings.map((id) => states.get(id)?.rule).filter((r) => r !== undefined))];
    const state = edge.status === "violation" || edge.status === "waived" ? edge.status : "";
    return (
      `<tr data-flow="${esc(edge.id)}" data-status="${edge.status}"${state ? ` class="${state}"` : ""}>` +
      `<td class="mark num">${tag ?? ""}</td><td>${describeNode(nodes.get(edge.from), edge.from)}</td><td>${describeNode(nodes.get(edge.to), edge.to)}</td>` +
      `<td>${esc(edge.kind)}${edge.soft ? " (soft)" : ""}</td><td class="status ${edge.status}">${esc(edge.status)}</td>` +
      `<td class="classes raw">${classList(edge.rawClasses)}</td><td class="classes redacted">${classList(edge.redactedClasses)}</td>` +
      `<td class="path">${rules.map((r) => `<code>${breakable(r)}</code>`).join(", ")}</td></tr>`
    );
  };
  return {
    tagOf,
    html:
      `<h3>Flows on the map</h3><table class="flows"><thead><tr><th>#</th><th>From</th><th>To</th><th>Kind</th><th>Status</th><th>Classes raw</th><th>Classes redacted</th><th>Findings</th></tr></thead>` +
      `<tbody>${shown.map(row).join("")}</tbody></table>`,
  };
}

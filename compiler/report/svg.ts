/**
 * The data-flow map as inline SVG: one <g data-node> per service, sink, store and region,
 * one <path data-edge> per flow, positioned by the ELK layout. Violations are drawn last so
 * that no other edge hides them.
 */
import { escapeHtml as esc, shorten } from "./escape.js";
import { DETAIL_FONT, GROUP_TITLE, LABEL_FONT, groupId, type Layout } from "./layout.js";
import type { EdgeStatus, FlowGraph, GraphEdge, GraphNode } from "./model.js";

export const EDGE_COLOURS: Readonly<Record<EdgeStatus, string>> = {
  raw: "#b45309",
  redacted: "#2563eb",
  none: "#9ca3af",
  violation: "#dc2626",
  waived: "#7c3aed",
};

const STATUS_ORDER: Readonly<Record<EdgeStatus, number>> = { none: 0, redacted: 1, raw: 2, waived: 3, violation: 4 };

const f = (n: number): string => (Math.round(n * 10) / 10).toString();

function markers(): string {
  return (Object.keys(EDGE_COLOURS) as EdgeStatus[])
    .map(
      (status) =>
        `<marker id="arrow-${status}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${EDGE_COLOURS[status]}"/></marker>`,
    )
    .join("");
}

function edgeTitle(edge: GraphEdge, nodes: ReadonlyMap<string, GraphNode>): string {
  const from = nodes.get(edge.from)?.label ?? edge.from;
  const to = nodes.get(edge.to)?.label ?? edge.to;
  const parts = [`${from} → ${to} (${edge.kind}${edge.soft ? ", soft" : ""}): ${edge.status}`];
  if (edge.rawClasses.length > 0) parts.push(`raw: ${edge.rawClasses.join(", ")}`);
  if (edge.redactedClasses.length > 0) parts.push(`redacted: ${edge.redactedClasses.join(", ")}`);
  if (edge.findings.length > 0) parts.push(`${edge.findings.length} finding(s)`);
  return parts.join("\n");
}

/**
 * A numbered tag on the edge's last segment, a little before the arrow: the row of the
 * flows table that names what crosses it.
 */
function edgeTag(edge: GraphEdge, points: readonly (readonly [number, number])[], tag: number): string {
  const [x1, y1] = points[points.length - 2]!;
  const [x2, y2] = points[points.length - 1]!;
  const length = Math.hypot(x2 - x1, y2 - y1);
  const back = length === 0 ? 0 : Math.min(length / 2, 22) / length;
  const x = x2 - (x2 - x1) * back;
  const y = y2 - (y2 - y1) * back;
  const colour = EDGE_COLOURS[edge.status];
  return `<g class="edge-tag" data-tag="${tag}"><circle cx="${f(x)}" cy="${f(y)}" r="9" stroke="${colour}"/><text x="${f(x)}" y="${f(y)}" fill="${colour}">${tag}</text></g>`;
}

function renderEdge(edge: GraphEdge, layout: Layout, nodes: ReadonlyMap<string, GraphNode>, tag: number | undefined): string {
  const points = layout.edges.get(edge.id);
  if (!points || points.length < 2) return "";
  const d = points.map(([x, y], i) => `${i === 0 ? "M" : "L"}${f(x)},${f(y)}`).join(" ");
  const dashed = edge.soft || edge.kind === "backup" || edge.kind === "deployment" || edge.status === "waived";
  return (
    `<g class="edge s-${edge.status}" data-edge="${esc(edge.id)}" data-kind="${edge.kind}" data-status="${edge.status}" data-from="${esc(edge.from)}" data-to="${esc(edge.to)}">` +
    `<title>${esc(edgeTitle(edge, nodes))}</title>` +
    `<path d="${d}" fill="none" stroke="${EDGE_COLOURS[edge.status]}" stroke-width="${edge.status === "violation" ? 2.6 : 1.3}"${dashed ? ` stroke-dasharray="${edge.status === "waived" ? "6 3" : "3 3"}"` : ""} marker-end="url(#arrow-${edge.status})"/>` +
    (tag !== undefined ? edgeTag(edge, points, tag) : "") +
    `</g>`
  );
}

function renderNode(node: GraphNode, layout: Layout): string {
  const box = layout.nodes.get(node.id);
  if (!box) return "";
  const chars = (font: number): number => Math.max(4, Math.floor((box.width - 16) / (font * 0.6)));
  const radius = node.kind === "service" || node.kind === "service-group" ? 6 : node.kind === "store" || node.kind === "store-group" ? 12 : 2;
  const title = [`${node.kind}: ${node.label}`, node.detail, `jurisdiction ${node.jurisdiction}`].join("\n");
  return (
    `<g class="node k-${node.kind}${node.flagged ? " flagged" : ""}" data-node="${esc(node.id)}" data-kind="${node.kind}" data-jurisdiction="${esc(node.jurisdiction)}"${node.flagged ? ` data-flagged="true"` : ""} transform="translate(${f(box.x)},${f(box.y)})">` +
    `<title>${esc(title)}</title>` +
    `<rect width="${f(box.width)}" height="${f(box.height)}" rx="${radius}"/>` +
    (node.kind === "sink" ? `<rect class="stripe" width="5" height="${f(box.height)}"/>` : "") +
    `<text class="label" x="10" y="${LABEL_FONT + 4}">${esc(shorten(node.label, chars(LABEL_FONT)))}</text>` +
    `<text class="detail" x="10" y="${LABEL_FONT + DETAIL_FONT + 10}">${esc(shorten(node.detail, chars(DETAIL_FONT)))}</text>` +
    `</g>`
  );
}

/** `tagOf`: the number drawn on an edge (violations, from the flows table), by edge id. */
export function renderFlowMap(graph: FlowGraph, layout: Layout, tagOf: ReadonlyMap<string, number> = new Map()): string {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const regionsOf = new Map(graph.jurisdictions.map((j) => [groupId(j.id), j]));
  const groups = layout.groups
    .map((g) => {
      const jurisdiction = regionsOf.get(g.id);
      const name = jurisdiction?.id ?? g.id;
      const regions = jurisdiction?.regions.join(", ") ?? "";
      return (
        `<g class="jurisdiction" data-jurisdiction="${esc(name)}" transform="translate(${f(g.x)},${f(g.y)})">` +
        `<rect width="${f(g.width)}" height="${f(g.height)}" rx="8"/>` +
        `<text class="jurisdiction-name" x="12" y="${GROUP_TITLE - 8}">${esc(shorten(name, 40))}</text>` +
        `<text class="jurisdiction-regions" x="${12 + Math.min(name.length, 40) * 9 + 10}" y="${GROUP_TITLE - 8}">${esc(shorten(regions, Math.max(0, Math.floor(g.width / 6) - name.length - 4)))}</text>` +
        `</g>`
      );
    })
    .join("");
  const edges = [...graph.edges]
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status])
    .map((e) => renderEdge(e, layout, nodes, tagOf.get(e.id)))
    .join("");
  const nodeMarkup = graph.nodes.map((n) => renderNode(n, layout)).join("");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="flow-map" viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}" role="img" aria-label="Data-flow map: services, sinks, stores and regions by jurisdiction">` +
    `<defs>${markers()}</defs>` +
    `<g class="groups">${groups}</g><g class="edges">${edges}</g><g class="nodes">${nodeMarkup}</g>` +
    `</svg>`
  );
}

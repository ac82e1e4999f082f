/**
 * Lays the flow graph out with ELK's layered algorithm: left to right, one compound node
 * per jurisdiction, orthogonal edges. ELK gives every coordinate in the root's frame, so the
 * SVG renderer draws without any arithmetic of its own.
 */
import { createRequire } from "node:module";
import type { ELK as ElkApi, ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api.js";

/**
 * ELK through `require`: the bundle is a 1.5 MB CommonJS file, and importing it as ESM makes
 * Node scan all of it for export names first (≈100 ms of a report's run). Loaded on first
 * layout only.
 */
function createElk(): ElkApi {
  const Elk = createRequire(import.meta.url)("elkjs/lib/elk.bundled.js") as new () => ElkApi;
  return new Elk();
}
import type { FlowGraph, GraphNode } from "./model.js";

export interface Box {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Layout {
  readonly width: number;
  readonly height: number;
  readonly groups: readonly Box[];
  readonly nodes: ReadonlyMap<string, Box>;
  readonly edges: ReadonlyMap<string, readonly (readonly [number, number])[]>;
}

/** Font metrics the renderer uses; the layout sizes nodes from them. */
export const LABEL_FONT = 12;
export const DETAIL_FONT = 10;
export const NODE_HEIGHT = 38;
export const GROUP_TITLE = 26;
const MARGIN = 8;

/** A width that fits the label and detail in the SVG's sans-serif font (≈0.6em per glyph, generous). */
export function nodeWidth(node: GraphNode): number {
  const text = Math.max(node.label.length * LABEL_FONT * 0.62, node.detail.length * DETAIL_FONT * 0.6);
  return Math.ceil(Math.min(320, Math.max(96, text + 28)));
}

export const groupId = (jurisdiction: string): string => `jurisdiction:${jurisdiction}`;

export async function layoutFlowGraph(graph: FlowGraph): Promise<Layout> {
  const children: ElkNode[] = [];
  for (const { id } of graph.jurisdictions) {
    const members = graph.nodes.filter((n) => n.jurisdiction === id);
    if (members.length === 0) continue;
    children.push({
      id: groupId(id),
      layoutOptions: {
        "elk.padding": `[top=${GROUP_TITLE + 10},left=14,bottom=14,right=14]`,
      },
      children: members.map((node) => ({ id: node.id, width: nodeWidth(node), height: NODE_HEIGHT })),
    });
  }
  const edges: ElkExtendedEdge[] = graph.edges
    .filter((e) => e.from !== e.to)
    .map((e) => ({ id: e.id, sources: [e.from], targets: [e.to] }));
  const large = graph.nodes.length > 400;

  const root: ElkNode = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      "elk.edgeRouting": "ORTHOGONAL",
      "elk.spacing.nodeNode": "14",
      "elk.layered.spacing.nodeNodeBetweenLayers": "56",
      "elk.spacing.edgeNode": "10",
      "elk.spacing.edgeEdge": "6",
      "elk.spacing.componentComponent": "24",
      "elk.layered.nodePlacement.strategy": large ? "SIMPLE" : "NETWORK_SIMPLEX",
      // Fewer crossing-minimisation sweeps for very large maps: the layout stays readable
      // and a 500-service report stays well under two seconds.
      "elk.layered.thoroughness": large ? "1" : "7",
      "elk.json.shapeCoords": "ROOT",
      "elk.json.edgeCoords": "ROOT",
      "elk.padding": "[top=8,left=8,bottom=8,right=8]",
    },
    children,
    edges,
  };

  const laid = await createElk().layout(root);
  const groups: Box[] = [];
  const nodes = new Map<string, Box>();
  for (const group of laid.children ?? []) {
    groups.push(box(group));
    for (const node of group.children ?? []) nodes.set(node.id, box(node));
  }
  const routes = new Map<string, [number, number][]>();
  for (const edge of laid.edges ?? []) {
    const points: [number, number][] = [];
    for (const section of edge.sections ?? []) {
      points.push([section.startPoint.x, section.startPoint.y]);
      for (const bend of section.bendPoints ?? []) points.push([bend.x, bend.y]);
      points.push([section.endPoint.x, section.endPoint.y]);
    }
    routes.set(edge.id, points);
  }
  // The drawing's extent from what was placed: ELK's root size can fall short of
  // hierarchy-crossing edges routed around a jurisdiction.
  let width = laid.width ?? 0;
  let height = laid.height ?? 0;
  for (const b of [...groups, ...nodes.values()]) {
    width = Math.max(width, b.x + b.width);
    height = Math.max(height, b.y + b.height);
  }
  for (const points of routes.values()) {
    for (const [x, y] of points) {
      width = Math.max(width, x);
      height = Math.max(height, y);
    }
  }
  return { width: Math.ceil(width + MARGIN), height: Math.ceil(height + MARGIN), groups, nodes, edges: routes };
}

function box(node: ElkNode): Box {
  return { id: node.id, x: node.x ?? 0, y: node.y ?? 0, width: node.width ?? 0, height: node.height ?? 0 };
}

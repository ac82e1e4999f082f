/** The report's stylesheet, inlined into the page: system fonts only, nothing fetched. */
export const STYLES = `
:root { --ink:#1f2937; --muted:#6b7280; --line:#e5e7eb; --bg:#f9fafb; --raw:#b45309; --redacted:#2563eb;
  --violation:#dc2626; --waived:#7c3aed; --ok:#15803d; --none:#9ca3af; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
header.top { padding: 20px 32px 12px; border-bottom: 1px solid var(--line); background: var(--bg); }
header.top h1 { margin: 0 0 4px; font-size: 22px; }
header.top .sub { color: var(--muted); }
.badges { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 10px; }
.badge { border: 1px solid var(--line); border-radius: 999px; padding: 2px 10px; background: #fff; font-size: 12px; }
.badge.bad { border-color: var(--violation); color: var(--violation); font-weight: 600; }
.badge.warn { border-color: #d97706; color: #92400e; }
.badge.waived { border-color: var(--waived); color: var(--waived); }
nav.toc { padding: 8px 32px; border-bottom: 1px solid var(--line); font-size: 13px; }
nav.toc a { margin-right: 14px; color: var(--redacted); text-decoration: none; }
main { padding: 8px 32px 32px; }
section { margin: 22px 0 30px; }
h2 { font-size: 18px; border-bottom: 2px solid var(--ink); padding-bottom: 4px; margin: 0 0 12px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
p.note { color: var(--muted); margin: 4px 0 10px; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; margin: 6px 0 14px; }
th, td { border: 1px solid var(--line); padding: 4px 7px; text-align: left; vertical-align: top; }
th { background: var(--bg); font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
code, .mono { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
dl.evidence { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 0; }
dl.evidence dt { color: var(--muted); }
dl.evidence dd { margin: 0; }
.status { font-weight: 600; white-space: nowrap; }
.status.raw, td.raw { color: var(--raw); }
.status.redacted, td.redacted { color: var(--redacted); }
.status.denied, td.denied { color: var(--muted); }
td.raw { background: #fff7ed; } td.redacted { background: #eff6ff; } td.denied { background: #f3f4f6; }
.ok { color: var(--ok); font-weight: 600; }
.bad { color: var(--violation); font-weight: 600; }
.warnc { color: #92400e; font-weight: 600; }
.waivedc { color: var(--waived); font-weight: 600; }
tr.violation td:first-child { border-left: 3px solid var(--violation); }
tr.waived td:first-child { border-left: 3px solid var(--waived); }
tr.warning td:first-child { border-left: 3px solid #d97706; }
.hint { color: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 14px; font-size: 12px; margin: 0 0 8px; }
.legend span::before { content: ""; display: inline-block; width: 22px; height: 0; border-top: 3px solid currentColor; vertical-align: middle; margin-right: 5px; }
.legend .l-raw { color: var(--raw); } .legend .l-redacted { color: var(--redacted); } .legend .l-none { color: var(--none); }
.legend .l-violation { color: var(--violation); } .legend .l-waived { color: var(--waived); }
.legend .l-waived::before, .legend .l-soft::before { border-top-style: dashed; }
.legend .l-soft { color: var(--muted); }
.map { border: 1px solid var(--line); border-radius: 6px; background: #fff; }
/* The whole map in the page's width, jurisdictions side by side: scaled down (never up) to
   the viewport, so no jurisdiction is ever off-screen. The flows table below names the
   classes on each edge, legible at any scale and on paper. */
svg.flow-map { display: block; max-width: 100%; height: auto; margin: 0 auto; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
svg .edge-tag circle { fill: #fff; stroke-width: 1.6; }
svg .edge-tag text { font-size: 11px; font-weight: 700; text-anchor: middle; dominant-baseline: central; }
table.flows td.classes code { white-space: nowrap; }
tr.violation td.mark, span.mark.bad { color: var(--violation); font-weight: 700; }
tr.waived td.mark, span.mark.waivedc { color: var(--waived); font-weight: 700; }
table.inventory tr.violation td { background: #fef2f2; }
table.inventory tr.violation td:first-child, table.inventory tr.violation td.use { border-left: 3px solid var(--violation); }
table.inventory tr.waived td.use { border-left: 3px solid var(--waived); }
/* Paths, subjects and rule ids break at their separators (a <wbr> after each), never
   mid-word; only a single segment longer than the column may still break inside. */
.path, .path code, code.path, .mono.path { overflow-wrap: break-word; word-break: normal; }
table.findings { table-layout: auto; }
.seg { white-space: nowrap; }
svg .jurisdiction > rect { fill: #f8fafc; stroke: #94a3b8; stroke-width: 1.2; }
svg .jurisdiction-name { font-size: 14px; font-weight: 700; fill: #334155; }
svg .jurisdiction-regions { font-size: 11px; fill: #64748b; }
svg .node > rect { fill: #fff; stroke: #475569; stroke-width: 1.2; }
svg .node.k-service > rect { fill: #f1f5f9; }
svg .node.k-sink > rect { fill: #fefce8; stroke: #a16207; }
svg .node.k-sink > rect.stripe { fill: #a16207; stroke: none; }
svg .node.k-store > rect { fill: #ecfdf5; stroke: #047857; }
svg .node.k-service-group > rect { fill: #e2e8f0; stroke-width: 2.2; }
svg .node.k-store-group > rect { fill: #d1fae5; stroke: #047857; stroke-width: 2.2; }
svg .node.k-region > rect { fill: #fff; stroke-dasharray: 4 3; }
svg .node.flagged > rect { stroke: var(--violation); stroke-width: 2.4; }
svg .node .label { font-size: 12px; font-weight: 600; fill: #111827; }
svg .node .detail { font-size: 10px; fill: #6b7280; }
svg .edge:hover path { stroke-width: 3.5; }
footer { color: var(--muted); font-size: 12px; padding: 12px 32px 28px; border-top: 1px solid var(--line); }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { font-size: 11px; }
  nav.toc { display: none; }
  header.top { background: none; padding: 0 0 8px; }
  main { padding: 0; }
  section { break-before: auto; margin: 12px 0 18px; }
  section#flow-map, section#residency, section#tiers, section#findings { break-before: page; }
  h2, h3 { break-after: avoid; }
  tr, .node, dl.evidence { break-inside: avoid; }
  thead { display: table-header-group; }
  .map { overflow: visible; max-height: none; border: none; }
  /* the heading, note and legend take ~30 mm of the 186 mm an A4 landscape page prints */
  svg.flow-map { width: 100%; height: auto; max-width: 100%; max-height: 140mm; }
  section#flow-map .map { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

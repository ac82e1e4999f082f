import { describe, expect, it } from "vitest";
import { renderHtml } from "../../compiler/report/html.js";
import { renderMarkdown } from "../../compiler/report/markdown.js";
import { mermaidLabel, renderMermaid } from "../../compiler/report/mermaid.js";
import type { FlowGraph } from "../../compiler/report/model.js";
import { HOSTILE, reportOf, violatingFiles } from "./fixture.js";

describe("HTML report", () => {
  it("is self-contained: no external reference of any kind, a CSP that forbids fetches", async () => {
    const { report } = await reportOf(violatingFiles());
    const html = await renderHtml(report);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    expect(html).not.toMatch(/<link\b|<script\b|<img\b|<iframe\b|@import|url\(\s*['"]?(https?:)?\/\//i);
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//i);
  });

  it("escapes every piece of user text (owner, waiver reason, approver)", async () => {
    const { report } = await reportOf(violatingFiles(HOSTILE));
    const html = await renderHtml(report);
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain('<img src="https://evil');
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    // the only <script>/<img>-like text left is escaped
    expect(html.match(/<(script|img)\b/g)).toBeNull();
  });
});

describe("Markdown report", () => {
  it("has every section and a Mermaid flowchart with a subgraph per jurisdiction", async () => {
    const { report } = await reportOf(violatingFiles());
    const md = renderMarkdown(report);
    for (const heading of ["## Evidence", "## Data inventory", "## Data-flow map", "## Residency matrix", "## Tiers", "## Findings", "## Waivers", "## Estimator assumptions"]) {
      expect(md).toContain(`\n${heading}\n`);
    }
    const mermaid = /```mermaid\n([\s\S]*?)\n```/.exec(md)![1]!;
    expect(mermaid.startsWith("flowchart LR\n")).toBe(true);
    expect(mermaid).toMatch(/subgraph j\d+\["EU"\]/);
    expect(mermaid).toMatch(/subgraph j\d+\["US"\]/);
    expect(mermaid).toContain("==>|violation|");
    // every node id is generated, never user text
    for (const match of mermaid.matchAll(/^\s+([^\s[{(]+)[[{(]/gm)) expect(match[1]).toMatch(/^(n|j)\d+$/);
  });

  it("hostile text cannot break the table, the HTML or ping anyone", async () => {
    const { report } = await reportOf(violatingFiles(HOSTILE));
    const md = renderMarkdown(report);
    expect(md).not.toMatch(/<script|<img|<\/td>/);
    expect(md).not.toMatch(/[^\\]\[link\]\(/);
    expect(md).not.toMatch(/(^|[^\u200b;])@admin/);
    // table rows keep their column count: every waiver row has exactly the header's cells
    const waivers = md.slice(md.indexOf("## Waivers"), md.indexOf("## Estimator"));
    const rows = waivers.split("\n").filter((l) => l.startsWith("|"));
    const cells = (row: string) => row.replace(/\\\|/g, "").split("|").length;
    for (const row of rows) expect(cells(row)).toBe(cells(rows[0]!));
  });
});

describe("mermaidLabel", () => {
  it("entity-encodes everything outside a safe set", () => {
    expect(mermaidLabel('a"b]c<d')).toBe('"a#34;b#93;c#60;d"');
    expect(mermaidLabel("checkout-db_1.x")).toBe('"checkout-db_1.x"');
  });

  it("collapses to one node per jurisdiction past GitHub's limits", () => {
    const nodes = Array.from({ length: 500 }, (_, i) => ({ id: `service:s${i}`, kind: "service" as const, label: `s${i}`, detail: "", jurisdiction: i % 2 ? "EU" : "US", flagged: false }));
    const graph: FlowGraph = {
      jurisdictions: [{ id: "EU", regions: [] }, { id: "US", regions: [] }],
      nodes: [...nodes, { id: "sink:apm", kind: "sink", label: "apm", detail: "", jurisdiction: "US", flagged: false }],
      edges: nodes.map((n, i) => ({ id: `e${i}`, from: n.id, to: "sink:apm", kind: "telemetry" as const, status: i === 7 ? ("violation" as const) : ("raw" as const), rawClasses: [], redactedClasses: [], findings: [] })),
    };
    const { source, collapsed } = renderMermaid(graph);
    expect(collapsed).toBe(true);
    expect(source.split("\n").filter((l) => /-->|==>|-\.->/.test(l))).toHaveLength(2);
    expect(source).toContain("==>|violation|"); // the worst status survives the merge
  });
});

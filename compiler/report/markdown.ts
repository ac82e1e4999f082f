/** The Markdown report: the HTML report's content for GitHub, with a Mermaid data-flow map. */
import { escapeText as md } from "../format/markdown-escape.js";
import { renderMermaid } from "./mermaid.js";
import type { InventoryStore, Report, ReportFindingRow, ResidencyCell, WaiverRef } from "./model.js";

/** Inline code that no backtick in `text` can end early: an HTML <code> with escaped text. */
export const code = (text: string): string =>
  `<code>${text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "&#124;").replace(/\r?\n|\r/g, " ")}</code>`;

const codes = (items: readonly string[]): string => (items.length === 0 ? "—" : items.map(code).join(", "));

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

function cell(c: ResidencyCell): string {
  const only = c.rawOnlyIn ?? c.redactedOnlyIn;
  const mark = c.status === "raw" ? "🟧 raw" : c.status === "redacted" ? "🟦 redacted" : "⬜ denied";
  return only ? `${mark} (only ${only.map(md).join(", ")})` : mark;
}

function waiverText(w: WaiverRef | undefined): string {
  if (!w) return "";
  const days = w.daysToExpiry < 0 ? `expired ${-w.daysToExpiry} days ago` : `${w.daysToExpiry} days left`;
  return `${md(w.approvedBy)}: ${md(w.reason)} (until ${md(w.expires)}, ${days})`;
}

function findingState(f: ReportFindingRow): string {
  return f.waived ? "waived" : f.severity === "error" ? "**error**" : "warning";
}

export function renderMarkdown(report: Report): string {
  const { evidence: e, summary: s } = report;
  const out: string[] = [];
  out.push(`# Data-flow & resilience report`);
  out.push(
    `**${s.services}** services · **${s.sinks}** sinks · **${s.classes}** data classes · **${s.jurisdictions}** jurisdictions · ` +
      `**${s.errors}** errors · **${s.warnings}** warnings · **${s.waived}** waived`,
  );

  out.push(`## Evidence`);
  out.push(
    table(
      ["", ""],
      [
        ["Contract digest", code(e.contractsDigest)],
        ["Contracts", `${code(e.contracts)} (${e.files.length} files)`],
        ["Git commit", e.gitCommit ? `${code(e.gitCommit)}${e.gitDirty ? " (with uncommitted changes to the contracts)" : ""}` : "not in a git work tree"],
        ["cordon version", md(e.cordonVersion)],
        ["As of", md(e.asOf)],
        ["Generated", md(e.generatedAt)],
      ],
    ),
  );
  out.push(`<details><summary>Contract files (${e.files.length})</summary>\n\n${table(["File", "SHA-256"], e.files.map((f) => [code(f.path), code(f.sha256)]))}\n\n</details>`);

  out.push(`## Data inventory`);
  for (const c of report.inventory) {
    const traits = [`level ${c.level}`, `redaction ${c.redaction}`, c.rawInTelemetry ? "" : "never raw in telemetry", c.detectors.length > 0 ? `detectors: ${c.detectors.join(", ")}` : ""]
      .filter((t) => t)
      .join(" · ");
    out.push(`### ${code(c.name)}\n${md(traits)}`);
    const rows = c.fields.flatMap((f) =>
      f.uses.map((u) => [code(f.key), md(f.type), md(u.service), code(u.where) + (u.override ? ` (override: ${md(u.override)})` : ""), codes(u.raw), codes(u.redacted), codes(u.dropped)]),
    );
    out.push(rows.length === 0 ? "_No telemetry field of this class._" : table(["Field", "Type", "Service", "Where", "Raw to", "Redacted to", "Dropped at"], rows));
    if (c.stores.length > 0) out.push(`Stored in: ${c.stores.map((st) => `${code(`${st.service}/${st.store}`)} (${md(st.kind)}; ${md(st.regions.join(", "))})${storeResources(st)}`).join("; ")}`);
    if (c.sentTo.length > 0) out.push(`Sent to dependencies: ${codes(c.sentTo)}`);
  }

  out.push(`## Data-flow map`);
  const mermaid = renderMermaid(report.flowGraph);
  if (mermaid.collapsed) out.push(`_The map has too many services for GitHub's diagram limits: services and their stores are drawn as one node per jurisdiction. The HTML report has the full map._`);
  out.push(`Orange: raw restricted data crosses; blue: restricted data crosses only redacted; grey: only data allowed anywhere; thick red: violation; dashed: soft dependency, failover/backup region or waived violation.`);
  out.push("```mermaid\n" + mermaid.source + "\n```");

  out.push(`## Residency matrix`);
  for (const origin of report.residency.origins) {
    out.push(`### Data originating in ${md(origin)}`);
    out.push(
      table(
        ["Class", "Governed by", ...report.residency.jurisdictions.map(md)],
        report.residency.rows
          .filter((r) => r.origin === origin)
          .map((r) => [code(r.class) + (r.telemetryAlwaysRedacted ? " (telemetry redacted)" : ""), md(r.governedBy) + (r.ruleLocation ? ` (${code(r.ruleLocation)})` : ""), ...r.cells.map(cell)]),
      ),
    );
  }

  out.push(`## Tiers`);
  out.push(
    table(
      ["Service", "Tier", "Strategy", "RTO target", "RTO estimate", "RTO from", "RPO target", "RPO estimate", "RPO from", "Last drill"],
      report.tiers.map((t) => [
        code(t.service),
        md(t.tier),
        `${md(t.strategy)}, ${t.regions.length} region(s)${t.minRegions !== undefined ? ` (min ${t.minRegions})` : ""}`,
        md(t.targetRto),
        `${md(t.estimatedRto)} ${t.rtoMet ? "✅" : "❌"}`,
        md(t.rtoBasis),
        md(t.targetRpo),
        `${md(t.estimatedRpo)} ${t.rpoMet ? "✅" : "❌"}`,
        md(t.rpoBasis),
        t.drill
          ? `${md(t.drill.date)} (${t.drill.ageDays} days) ${t.drill.result}${t.drill.stale ? ", **stale**" : ""}`
          : t.drillRequired
            ? "**missing**"
            : "none",
      ]),
    ),
  );

  out.push(`## Findings`);
  out.push(
    report.findings.length === 0
      ? "No findings."
      : table(
          ["State", "Rule", "Subject", "Message", "Location", "Waiver"],
          report.findings.map((f) => [findingState(f), code(f.rule), code(f.subject), md(f.message) + (f.hint ? `<br>${md(f.hint)}` : ""), f.location ? code(f.location) : "", waiverText(f.waiver)]),
        ),
  );

  out.push(`## Waivers`);
  out.push(
    report.waivers.length === 0
      ? "No waivers."
      : table(
          ["Rule", "Subject", "State", "Approved by", "Reason", "Expires"],
          report.waivers.map((w) => [code(w.rule), code(w.subject), md(w.state), md(w.approvedBy), md(w.reason), `${md(w.expires)} (${w.daysToExpiry < 0 ? `${-w.daysToExpiry} days ago` : `in ${w.daysToExpiry} days`})`]),
        ),
  );

  out.push(`## Estimator assumptions`);
  out.push(table(["Strategy", "Recovery time", "Source"], report.assumptions.strategyRto.map((a) => [md(a.strategy), md(a.rto), md(a.source)])));
  out.push(report.assumptions.rules.map((r) => `- ${md(r)}`).join("\n"));
  out.push(`---\n_Generated by cordon ${md(e.cordonVersion)} at ${md(e.generatedAt)} from contracts ${code(e.contractsDigest)}._`);
  return out.join("\n\n") + "\n";
}

/** With --iac: ` — resources: `addr` in region (copy `addr` in region)`. */
function storeResources(store: InventoryStore): string {
  if (!store.resources || store.resources.length === 0) return "";
  const items = store.resources.map((resource) => {
    const copies = resource.copies.map((copy) => `${md(copy.what)} ${code(copy.address)} in ${md(copy.region)}`).join(", ");
    return `${code(resource.address)} in ${md(resource.region)}${copies ? ` (${copies})` : ""}`;
  });
  return ` — resources: ${items.join(", ")}`;
}

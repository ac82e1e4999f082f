/**
 * The HTML report: one self-contained file. Styles and the data-flow map are inline, there
 * is no script, and a Content-Security-Policy forbids every fetch, so the page can be mailed,
 * archived or printed to PDF and shows the same thing everywhere.
 */
import { escapeBreakable as breakable, escapeHtml as esc, escapeRuleId } from "./escape.js";
import { findingStates, flowRows, inventoryMark, type FindingStates } from "./marks.js";
import { layoutFlowGraph } from "./layout.js";
import type {
  InventoryStore,
  InventoryClass,
  Report,
  ReportFindingRow,
  ResidencyCell,
  ResidencyMatrix,
  TierRow,
  WaiverRef,
  WaiverRow,
} from "./model.js";
import { STYLES } from "./styles.js";
import { needsSummary, summariseFlowGraph } from "./summarise.js";
import { renderFlowMap } from "./svg.js";

export const SECTIONS = [
  ["evidence", "Evidence"],
  ["inventory", "Data inventory"],
  ["flow-map", "Data-flow map"],
  ["residency", "Residency matrix"],
  ["tiers", "Tiers"],
  ["findings", "Findings"],
  ["waivers", "Waivers"],
  ["assumptions", "Estimator assumptions"],
] as const;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'";

const list = (items: readonly string[], empty = "—"): string =>
  items.length === 0 ? `<span class="hint">${empty}</span>` : items.map((i) => `<code>${esc(i)}</code>`).join(", ");

function section(id: string, title: string, body: string): string {
  return `<section id="${id}" data-section="${id}"><h2>${esc(title)}</h2>${body}</section>`;
}

function header(report: Report): string {
  const { summary, evidence } = report;
  const badge = (cls: string, text: string): string => `<span class="badge ${cls}">${esc(text)}</span>`;
  return (
    `<header class="top"><h1>Data-flow &amp; resilience report</h1>` +
    `<div class="sub">contracts <code>${esc(evidence.contracts)}</code> · as of ${esc(evidence.asOf)} · cordon ${esc(evidence.cordonVersion)}</div>` +
    `<div class="badges">` +
    badge("", `${summary.services} services`) +
    badge("", `${summary.sinks} sinks`) +
    badge("", `${summary.classes} data classes`) +
    badge("", `${summary.jurisdictions} jurisdictions`) +
    badge(summary.errors > 0 ? "bad" : "", `${summary.errors} errors`) +
    badge(summary.warnings > 0 ? "warn" : "", `${summary.warnings} warnings`) +
    badge(summary.waived > 0 ? "waived" : "", `${summary.waived} waived`) +
    `</div></header>` +
    `<nav class="toc">${SECTIONS.map(([id, title]) => `<a href="#${id}">${esc(title)}</a>`).join("")}</nav>`
  );
}

function evidenceSection(report: Report): string {
  const e = report.evidence;
  const row = (term: string, value: string): string => `<dt>${esc(term)}</dt><dd>${value}</dd>`;
  const git = e.gitCommit
    ? `<code>${esc(e.gitCommit)}</code>${e.gitDirty ? ` <span class="warnc">with uncommitted changes to the contracts</span>` : ""}`
    : `<span class="hint">not in a git work tree</span>`;
  const files =
    `<h3>Contract files</h3><table><thead><tr><th>File</th><th>SHA-256</th></tr></thead><tbody>` +
    e.files.map((f) => `<tr><td><code>${esc(f.path)}</code></td><td class="mono">${esc(f.sha256)}</td></tr>`).join("") +
    `</tbody></table>`;
  return section(
    "evidence",
    "Evidence",
    `<dl class="evidence">` +
      row("Contract digest", `<code data-digest>${esc(e.contractsDigest)}</code>`) +
      row("Contracts", `<code>${esc(e.contracts)}</code> (${e.files.length} files)`) +
      row("Git commit", git) +
      row("cordon version", esc(e.cordonVersion)) +
      row("As of", esc(e.asOf)) +
      row("Generated", esc(e.generatedAt)) +
      `</dl>` +
      files,
  );
}

/** With --iac: the resources behind a store, each with its region and its copies. */
function storeResources(store: InventoryStore): string {
  if (!store.resources || store.resources.length === 0) return "";
  const items = store.resources.map((resource) => {
    const copies = resource.copies.map((copy) => `${esc(copy.what)} <code>${esc(copy.address)}</code> in ${esc(copy.region)}`).join(", ");
    return `<li><code>${esc(resource.address)}</code> in ${esc(resource.region)}${copies ? ` (${copies})` : ""}</li>`;
  });
  return `<ul class="iac-resources">${items.join("")}</ul>`;
}

function inventoryClass(entry: InventoryClass, states: FindingStates): string {
  const traits = [
    `level ${entry.level}`,
    `redaction ${entry.redaction}`,
    entry.rawInTelemetry ? "" : "never raw in telemetry",
    entry.detectors.length > 0 ? `detectors: ${entry.detectors.join(", ")}` : "",
  ].filter((t) => t !== "");
  const rows = entry.fields
    .map((field) =>
      field.uses
        .map((use, i) => {
          const first =
            i === 0
              ? `<td rowspan="${field.uses.length}"><code>${esc(field.key)}</code>${field.fieldSet ? `<br><span class="hint">from ${esc(field.fieldSet)}</span>` : ""}${field.brief ? `<br><span class="hint">${esc(field.brief)}</span>` : ""}</td><td rowspan="${field.uses.length}">${esc(field.type)}</td>`
              : "";
          const mark = inventoryMark(use.findings, states);
          return (
            `<tr${mark.state ? ` class="${mark.state}" data-state="${mark.state}"` : ""}>${first}<td class="use">${esc(use.service)}</td><td class="path"><code>${breakable(use.where)}</code>${use.override ? `<br><span class="hint">override: ${esc(use.override)}</span>` : ""}</td>` +
            `<td class="raw">${list(use.raw)}</td><td class="redacted">${list(use.redacted)}</td><td>${list(use.dropped)}</td><td class="mark">${mark.html}</td></tr>`
          );
        })
        .join(""),
    )
    .join("");
  const fields =
    entry.fields.length === 0
      ? `<p class="note">No telemetry field of this class.</p>`
      : `<table class="inventory"><thead><tr><th>Field</th><th>Type</th><th>Service</th><th>Where</th><th>Raw to</th><th>Redacted to</th><th>Dropped at</th><th>Findings</th></tr></thead><tbody>${rows}</tbody></table>`;
  const marked = (text: string, findings: readonly string[]): string => {
    const mark = inventoryMark(findings, states);
    return `<span${mark.state ? ` class="marked" data-state="${mark.state}"` : ""}><code>${esc(text)}</code>${mark.html ? ` ${mark.html}` : ""}</span>`;
  };
  const stores =
    entry.stores.length === 0
      ? ""
      : `<p><strong>Stored in:</strong> ${entry.stores.map((s) => `${marked(`${s.service}/${s.store}`, s.findings)} (${esc(s.kind)}; ${esc(s.regions.join(", "))})${storeResources(s)}`).join("; ")}</p>`;
  const sent =
    entry.dependencies.length === 0
      ? ""
      : `<p><strong>Sent to dependencies:</strong> ${entry.dependencies.map((d) => marked(`${d.from} -> ${d.to}`, d.findings)).join(", ")}</p>`;
  return `<div class="class" data-class="${esc(entry.name)}"><h3><code>${esc(entry.name)}</code> <span class="hint">${esc(traits.join(" · "))}</span></h3>${fields}${stores}${sent}</div>`;
}

function flowMapSection(svg: string, flows: string, summarised: { services: number } | undefined): string {
  const legend =
    `<div class="legend"><span class="l-raw">raw restricted data crosses</span><span class="l-redacted">restricted data crosses only redacted</span>` +
    `<span class="l-none">only data allowed anywhere (or none)</span><span class="l-violation">violation</span><span class="l-waived">waived violation</span>` +
    `<span class="l-soft">dashed: soft dependency, failover or backup</span></div>`;
  return section(
    "flow-map",
    "Data-flow map",
    `<p class="note">Services (grey), telemetry sinks (yellow), stores (green) and failover/backup regions (dashed), grouped by jurisdiction. A service outlined in red has an unwaived tier finding. A numbered tag on an edge is a violation (or a waived one): the table below the map names the classes crossing every edge, and the findings on it.</p>` +
      (summarised
        ? `<p class="note" data-summarised="true"><strong>Summarised:</strong> ${summarised.services} services are too many to draw one by one, so services are drawn per jurisdiction and tier and stores per jurisdiction; an edge shows the worst status of the flows it stands for. Every flow is listed in the data inventory and the findings.</p>`
        : "") +
      `${legend}<div class="map">${svg}</div>${flows}`,
  );
}

function cell(c: ResidencyCell, telemetryAlwaysRedacted: boolean): string {
  let text: string = c.status;
  if (c.rawOnlyIn) text += ` (only ${c.rawOnlyIn.join(", ")})`;
  if (c.redactedOnlyIn) text += ` (only ${c.redactedOnlyIn.join(", ")})`;
  const note = c.status === "raw" && telemetryAlwaysRedacted ? `<br><span class="hint">telemetry redacted</span>` : "";
  return `<td class="${c.status}" data-cell="${esc(c.jurisdiction)}" data-status="${c.status}">${esc(text)}${note}</td>`;
}

function residencySection(matrix: ResidencyMatrix): string {
  if (matrix.origins.length === 0) return section("residency", "Residency matrix", `<p class="note">No services, so no origins.</p>`);
  const head = `<tr><th>Class</th><th>Governed by</th>${matrix.jurisdictions.map((j) => `<th>${esc(j)}</th>`).join("")}</tr>`;
  const tables = matrix.origins
    .map((origin) => {
      const rows = matrix.rows
        .filter((r) => r.origin === origin)
        .map(
          (r) =>
            `<tr data-class="${esc(r.class)}" data-origin="${esc(origin)}"><td><code>${esc(r.class)}</code></td><td>${esc(r.governedBy)}${r.ruleLocation ? `<br><span class="hint mono">${esc(r.ruleLocation)}</span>` : ""}</td>${r.cells.map((c) => cell(c, r.telemetryAlwaysRedacted)).join("")}</tr>`,
        )
        .join("");
      return `<h3>Data originating in ${esc(origin)}</h3><table class="matrix"><thead>${head}</thead><tbody>${rows}</tbody></table>`;
    })
    .join("");
  return section(
    "residency",
    "Residency matrix",
    `<p class="note"><span class="status raw">raw</span>: raw values may be stored, processed and exported there. <span class="status redacted">redacted</span>: only the redacted form may go there (telemetry). <span class="status denied">denied</span>: nothing of the class may go there.</p>${tables}`,
  );
}

function tierRow(t: TierRow): string {
  const verdict = (met: boolean): string => (met ? `<span class="ok">met</span>` : `<span class="bad">unmet</span>`);
  const regions = `${t.regions.length} region${t.regions.length === 1 ? "" : "s"}${t.minRegions !== undefined ? ` (min ${t.minRegions})` : ""}`;
  const regionsOk = t.minRegions === undefined || t.regions.length >= t.minRegions;
  let drill: string;
  if (!t.drill) drill = t.drillRequired ? `<span class="bad">missing</span>` : `<span class="hint">none</span>`;
  else {
    const measured = [t.drill.measuredRto ? `RTO ${t.drill.measuredRto}` : "", t.drill.measuredRpo ? `RPO ${t.drill.measuredRpo}` : ""]
      .filter((x) => x)
      .join(", ");
    drill =
      `${esc(t.drill.date)} <span class="hint">(${t.drill.ageDays} days)</span> ` +
      `${t.drill.result === "passed" ? `<span class="ok">passed</span>` : `<span class="bad">failed</span>`}` +
      `${measured ? `<br><span class="hint">${esc(measured)}</span>` : ""}${t.drill.stale ? ` <span class="bad">stale</span>` : ""}`;
  }
  return (
    `<tr data-service="${esc(t.service)}"><td><code>${esc(t.service)}</code>${t.owner ? `<br><span class="hint">${esc(t.owner)}</span>` : ""}</td>` +
    `<td class="nowrap">${esc(t.tier)}</td><td>${esc(t.strategy)}<br><span class="${regionsOk ? "hint" : "bad"}">${esc(regions)}</span></td>` +
    `<td class="num">${esc(t.targetRto)}</td><td class="num">${esc(t.estimatedRto)} ${verdict(t.rtoMet)}</td><td>${esc(t.rtoBasis)}</td>` +
    `<td class="num">${esc(t.targetRpo)}</td><td class="num">${esc(t.estimatedRpo)} ${verdict(t.rpoMet)}</td><td>${esc(t.rpoBasis)}</td>` +
    `<td>${drill}</td></tr>`
  );
}

function tiersSection(rows: readonly TierRow[]): string {
  return section(
    "tiers",
    "Tiers",
    `<table><thead><tr><th>Service</th><th>Tier</th><th>Strategy</th><th>RTO target</th><th>RTO estimate</th><th>RTO from</th><th>RPO target</th><th>RPO estimate</th><th>RPO from</th><th>Last drill</th></tr></thead><tbody>${rows.map(tierRow).join("")}</tbody></table>`,
  );
}

function waiverCell(w: WaiverRef | undefined): string {
  if (!w) return "";
  const days = w.daysToExpiry < 0 ? `expired ${-w.daysToExpiry} days ago` : `${w.daysToExpiry} days left`;
  return `approved by <strong>${esc(w.approvedBy)}</strong><br>${esc(w.reason)}<br><span class="hint">until ${esc(w.expires)} (${days})</span>`;
}

function findingRow(f: ReportFindingRow): string {
  const state = f.waived ? "waived" : f.severity === "error" ? "violation" : "warning";
  const label = f.waived ? `<span class="waivedc">waived</span>` : f.severity === "error" ? `<span class="bad">error</span>` : `<span class="warnc">warning</span>`;
  return (
    `<tr class="${state}" data-finding="${esc(f.id)}" data-rule="${esc(f.rule)}" data-state="${state}"><td>${label}</td><td class="rule"><code>${escapeRuleId(f.rule)}</code></td>` +
    `<td class="path"><code>${breakable(f.subject)}</code><br><span class="hint mono">${esc(f.id)}</span></td>` +
    `<td class="path">${breakable(f.message)}${f.hint ? `<br><span class="hint">${breakable(f.hint)}</span>` : ""}</td>` +
    `<td class="mono path">${breakable(f.location ?? "")}</td><td>${waiverCell(f.waiver)}</td></tr>`
  );
}

function findingsSection(rows: readonly ReportFindingRow[]): string {
  const body =
    rows.length === 0
      ? `<p class="note">No findings.</p>`
      : `<table class="findings"><thead><tr><th>State</th><th>Rule</th><th>Subject</th><th>Message</th><th>Location</th><th>Waiver</th></tr></thead><tbody>${rows.map(findingRow).join("")}</tbody></table>`;
  return section("findings", "Findings", body);
}

function waiversSection(rows: readonly WaiverRow[]): string {
  const body =
    rows.length === 0
      ? `<p class="note">No waivers.</p>`
      : `<table><thead><tr><th>Rule</th><th>Subject</th><th>State</th><th>Approved by</th><th>Reason</th><th>Expires</th></tr></thead><tbody>${rows
          .map(
            (w) =>
              `<tr data-waiver-state="${esc(w.state)}"><td><code>${escapeRuleId(w.rule)}</code></td><td class="path"><code>${breakable(w.subject)}</code></td>` +
              `<td class="${w.state === "in use" ? "ok" : w.state === "expired" ? "bad" : "warnc"}">${esc(w.state)}</td><td>${esc(w.approvedBy)}</td><td>${esc(w.reason)}</td>` +
              `<td class="num">${esc(w.expires)}<br><span class="hint">${w.daysToExpiry < 0 ? `${-w.daysToExpiry} days ago` : `in ${w.daysToExpiry} days`}</span></td></tr>`,
          )
          .join("")}</tbody></table>`;
  return section("waivers", "Waivers", body);
}

function assumptionsSection(report: Report): string {
  const { strategyRto, rules } = report.assumptions;
  return section(
    "assumptions",
    "Estimator assumptions",
    `<table><thead><tr><th>Strategy</th><th>Recovery time</th><th>Source</th></tr></thead><tbody>${strategyRto
      .map((s) => `<tr><td>${esc(s.strategy)}</td><td class="num">${esc(s.rto)}</td><td>${esc(s.source)}</td></tr>`)
      .join("")}</tbody></table><ul>${rules.map((r) => `<li>${esc(r)}</li>`).join("")}</ul>`,
  );
}

export async function renderHtml(report: Report): Promise<string> {
  const summarise = needsSummary(report.flowGraph);
  const graph = summarise ? summariseFlowGraph(report.flowGraph) : report.flowGraph;
  const states = findingStates(report.findings);
  const tags = flowRows(graph, states);
  const svg = renderFlowMap(graph, await layoutFlowGraph(graph), tags.tagOf);
  const e = report.evidence;
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="generator" content="cordon ${esc(e.cordonVersion)}">` +
    `<title>cordon report · ${esc(e.contracts)} · ${esc(e.asOf)}</title><style>${STYLES}</style></head><body>` +
    header(report) +
    `<main>` +
    evidenceSection(report) +
    section("inventory", "Data inventory", `<p class="note">Each class, most sensitive first: the telemetry fields that carry it, where each is emitted and what reaches each sink; the stores that hold it and the dependencies it is sent to.</p>${report.inventory.map((entry) => inventoryClass(entry, states)).join("")}`) +
    flowMapSection(svg, tags.html, summarise ? { services: report.summary.services } : undefined) +
    residencySection(report.residency) +
    tiersSection(report.tiers) +
    findingsSection(report.findings) +
    waiversSection(report.waivers) +
    assumptionsSection(report) +
    `</main><footer>Generated by cordon ${esc(e.cordonVersion)} at ${esc(e.generatedAt)} from contracts ${esc(e.contractsDigest)}${e.gitCommit ? ` (git ${esc(e.gitCommit)})` : ""}.</footer></body></html>\n`
  );
}

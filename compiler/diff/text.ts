/** `cordon diff --format text`: what the change does, for a terminal. */
import type { DiffResult, EstimateChange, TelemetryChange } from "./model.js";
import { isEmptyDiff } from "./model.js";
import { bySink, flowOrigin } from "./group.js";

const mark = (widening: boolean): string => (widening ? "  [widening]" : "");

function telemetryLine(sign: string, c: TelemetryChange): string {
  const what = c.before === undefined ? c.after : c.after === undefined ? c.before : `${c.before} → ${c.after}`;
  return `    ${sign} ${flowOrigin(c)}  (${c.class})  ${what}${mark(c.widening)}`;
}

export function estimateLine(e: EstimateChange): string {
  const part = (label: string, before: string | undefined, after: string | undefined, target: string | undefined, met: boolean | undefined): string =>
    `${label} ${before !== undefined && before !== after ? `${before} → ` : ""}${after}${target !== undefined ? ` (target ${target}, ${met ? "met" : "UNMET"})` : ""}`;
  return `${e.service}${e.tier ? ` [${e.tier}]` : ""}: ${part("RTO", e.rtoBefore, e.rtoAfter, e.rtoTarget, e.rtoMet)}; ${part("RPO", e.rpoBefore, e.rpoAfter, e.rpoTarget, e.rpoMet)} — ${e.rtoBasis}; ${e.rpoBasis}`;
}

export function formatDiffText(diff: DiffResult): string {
  const out: string[] = [];
  out.push(`cordon diff: ${diff.base.ref} (${diff.base.commit.slice(0, 12)}) → working tree`);
  if (diff.base.note) out.push(`note: ${diff.base.note}`);
  if (isEmptyDiff(diff)) {
    out.push("", "No change in meaning: flows, residency, tiers, topology and findings are the same.");
    return out.join("\n") + "\n";
  }
  const { added, removed, changed } = diff.telemetry;
  if (added.length + removed.length + changed.length > 0) {
    out.push("", "Telemetry flows (per sink):");
    const sign = new Map<TelemetryChange, string>([
      ...added.map((c) => [c, "+"] as const),
      ...changed.map((c) => [c, "~"] as const),
      ...removed.map((c) => [c, "-"] as const),
    ]);
    for (const [heading, changes] of bySink([...sign.keys()])) {
      out.push(`  ${heading}`);
      for (const c of changes) out.push(telemetryLine(sign.get(c)!, c));
    }
  }
  if (diff.placements.added.length + diff.placements.removed.length > 0) {
    out.push("", "Raw data placed (stores, failover/backup regions, dependencies):");
    for (const c of diff.placements.added) out.push(`  + ${c.subject} (${c.jurisdiction})${c.allowed ? "" : "  not allowed"}${mark(c.widening)}`);
    for (const c of diff.placements.removed) out.push(`  - ${c.subject} (${c.jurisdiction})`);
  }
  if (diff.classes.length > 0) {
    out.push("", "Classes:");
    for (const c of diff.classes) {
      out.push(`  ${c.change === "added" ? "+" : c.change === "removed" ? "-" : "~"} ${c.class}${c.details.length > 0 ? `: ${c.details.join("; ")}` : ""}${mark(c.widening)}`);
      for (const o of c.origins) {
        const parts = [
          o.rawWidened.length > 0 ? `raw widened to ${o.rawWidened.join(", ")}` : "",
          o.rawNarrowed.length > 0 ? `raw narrowed from ${o.rawNarrowed.join(", ")}` : "",
          o.redactedWidened.length > 0 ? `redacted widened to ${o.redactedWidened.join(", ")}` : "",
          o.redactedNarrowed.length > 0 ? `redacted narrowed from ${o.redactedNarrowed.join(", ")}` : "",
        ].filter((p) => p);
        out.push(`      from ${o.origin}: ${parts.join("; ")}`);
      }
    }
  }
  if (diff.tiers.length > 0) {
    out.push("", "Tiers:");
    for (const t of diff.tiers) out.push(`  ${t.change === "added" ? "+" : t.change === "removed" ? "-" : "~"} ${t.tier}${t.details.length > 0 ? `: ${t.details.join("; ")}` : ""}`);
  }
  if (diff.topology.length > 0) {
    out.push("", "Topology:");
    for (const t of diff.topology) out.push(`  ${t.change === "added" ? "+" : t.change === "removed" ? "-" : "~"} ${t.kind} ${t.name}${t.details.length > 0 ? `: ${t.details.join("; ")}` : ""}`);
  }
  if (diff.estimates.length > 0) {
    out.push("", "Estimates:");
    for (const e of diff.estimates) out.push(`  ${estimateLine(e)}`);
  }
  const { introduced, cleared } = diff.findings;
  if (introduced.length + cleared.length > 0) {
    out.push("", "Findings:");
    for (const f of introduced) out.push(`  + ${f.waived ? "waived" : f.severity} ${f.rule} ${f.subject} (${f.id})`);
    for (const f of cleared) out.push(`  - cleared ${f.rule} ${f.subject} (${f.id})`);
  }
  out.push("");
  if (diff.widenings.length === 0) out.push("No flow becomes less restricted.");
  else {
    out.push(`${diff.widenings.length} widening${diff.widenings.length === 1 ? "" : "s"} (flows less restricted than at ${diff.base.ref}):`);
    for (const w of diff.widenings) out.push(`  ! ${w}`);
  }
  return out.join("\n") + "\n";
}

/**
 * `cordon diff --format markdown`: a pull-request comment. The hidden marker lets a CI job
 * find and update its previous comment instead of adding a new one on every push.
 */
import { escapeText as md } from "../format/markdown-escape.js";
import { code } from "../report/markdown.js";
import { bySink, flowOrigin } from "./group.js";
import type { DiffResult, TelemetryChange } from "./model.js";
import { isEmptyDiff } from "./model.js";
import { estimateLine } from "./text.js";

export const DIFF_MARKER = "<!-- cordon:diff -->";

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

const CHANGE_ICON = { added: "➕ added", removed: "➖ removed", changed: "✏️ changed" } as const;

export function formatDiffMarkdown(diff: DiffResult): string {
  const out: string[] = [DIFF_MARKER, `### cordon diff against ${code(diff.base.ref)} (${code(diff.base.commit.slice(0, 12))})`];
  if (diff.base.note) out.push(`> ${md(diff.base.note)}`);
  out.push(
    diff.widenings.length === 0
      ? "✅ **No flow becomes less restricted.**"
      : `⚠️ **${diff.widenings.length} widening${diff.widenings.length === 1 ? "" : "s"}**: data flows less restricted than on ${code(diff.base.ref)}.\n\n${diff.widenings.map((w) => `- ${md(w)}`).join("\n")}`,
  );
  if (isEmptyDiff(diff)) {
    out.push("No change in meaning: flows, residency, tiers, topology and findings are the same.");
    return out.join("\n\n") + "\n";
  }
  const { added, removed, changed } = diff.telemetry;
  if (added.length + removed.length + changed.length > 0) {
    out.push("#### Telemetry flows");
    const state = new Map<TelemetryChange, string>([
      ...added.map((c) => [c, "➕ new"] as const),
      ...changed.map((c) => [c, "✏️ changed"] as const),
      ...removed.map((c) => [c, "➖ removed"] as const),
    ]);
    for (const [heading, changes] of bySink([...state.keys()])) {
      out.push(`**${md(heading)}**`);
      out.push(
        table(
          ["", "Field", "Class", "Before", "After", ""],
          changes.map((c) => [state.get(c)!, code(flowOrigin(c)), code(c.class), md(c.before ?? "—"), md(c.after ?? "—"), c.widening ? "⚠️ widening" : ""]),
        ),
      );
    }
  }
  if (diff.placements.added.length + diff.placements.removed.length > 0) {
    out.push("#### Raw data placed (stores, failover/backup regions, dependencies)");
    out.push(
      table(
        ["", "Placement", "Jurisdiction", "Residency", ""],
        [
          ...diff.placements.added.map((c) => ["➕ new", code(c.subject), md(c.jurisdiction), c.allowed ? "allowed" : "**not allowed**", c.widening ? "⚠️ widening" : ""]),
          ...diff.placements.removed.map((c) => ["➖ removed", code(c.subject), md(c.jurisdiction), "", ""]),
        ],
      ),
    );
  }
  if (diff.classes.length > 0) {
    out.push("#### Classes");
    out.push(
      table(
        ["Class", "Change", "Details", ""],
        diff.classes.map((c) => [
          code(c.class),
          CHANGE_ICON[c.change],
          md(
            [
              ...c.details,
              ...c.origins.map(
                (o) =>
                  `from ${o.origin}: ` +
                  [
                    o.rawWidened.length > 0 ? `raw widened to ${o.rawWidened.join(", ")}` : "",
                    o.rawNarrowed.length > 0 ? `raw narrowed from ${o.rawNarrowed.join(", ")}` : "",
                    o.redactedWidened.length > 0 ? `redacted widened to ${o.redactedWidened.join(", ")}` : "",
                    o.redactedNarrowed.length > 0 ? `redacted narrowed from ${o.redactedNarrowed.join(", ")}` : "",
                  ]
                    .filter((p) => p)
                    .join("; "),
              ),
            ].join("; "),
          ),
          c.widening ? "⚠️ widening" : "",
        ]),
      ),
    );
  }
  if (diff.tiers.length + diff.topology.length > 0) {
    out.push("#### Tiers and topology");
    out.push(
      table(
        ["What", "Change", "Details"],
        [
          ...diff.tiers.map((t) => [`tier ${code(t.tier)}`, CHANGE_ICON[t.change], md(t.details.join("; "))]),
          ...diff.topology.map((t) => [`${t.kind} ${code(t.name)}`, CHANGE_ICON[t.change], md(t.details.join("; "))]),
        ],
      ),
    );
  }
  if (diff.estimates.length > 0) {
    out.push("#### Estimates");
    out.push(diff.estimates.map((e) => `- ${md(estimateLine(e))}`).join("\n"));
  }
  const { introduced, cleared } = diff.findings;
  if (introduced.length + cleared.length > 0) {
    out.push("#### Findings");
    out.push(
      table(
        ["", "Rule", "Subject", "Message"],
        [
          ...introduced.map((f) => [f.waived ? "➕ waived" : f.severity === "error" ? "➕ **error**" : "➕ warning", code(f.rule), code(f.subject), md(f.message)]),
          ...cleared.map((f) => ["✅ cleared", code(f.rule), code(f.subject), md(f.message)]),
        ],
      ),
    );
  }
  return out.join("\n\n") + "\n";
}

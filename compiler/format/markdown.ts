/**
 * `check --format markdown`: a pull-request comment. It starts with a hidden marker so a
 * CI step can find its previous comment and update it instead of adding another; then a
 * summary table, the unwaived findings grouped by rule, and the waivers in force with who
 * approved them and for how long. Every piece of user text goes through
 * markdown-escape.ts. The comment stays under GitHub's 65,536-character limit: past a
 * budget, the remaining findings are counted, not listed.
 */
import type { RuleMeta } from "../../contracts/finding.js";
import { daysBetween, isValidDate } from "../dates.js";
import type { CheckResult, ReportedFinding } from "../result.js";
import { code, escapeText, inline } from "./markdown-escape.js";
import { displayPath } from "./paths.js";

export const MARKDOWN_MARKER = "<!-- cordon:check -->";
/** Room below GitHub's comment limit for the parts that are always printed. */
const DEFAULT_BUDGET = 60_000;

export interface MarkdownOptions {
  readonly cwd: string;
  readonly exitCode: number;
  /** The registry, for each rule group's one-line summary. */
  readonly rules?: readonly RuleMeta[];
  /** YYYY-MM-DD the run judged waivers against: gives the "days left" column. */
  readonly asOf?: string;
  /** Characters the findings list may take (default 60,000). */
  readonly budget?: number;
}

export function formatMarkdown(result: CheckResult, options: MarkdownOptions): string {
  const findings = result.findings.filter((finding) => !finding.waived);
  const waived = result.findings.filter((finding) => finding.waived);
  const sections = [
    MARKDOWN_MARKER,
    `### ${verdict(options.exitCode)}`,
    summaryTable(result),
    findingsSection(findings, options),
    waiversSection(waived, options),
  ];
  return `${sections.filter((section) => section !== "").join("\n\n")}\n`;
}

function verdict(exitCode: number): string {
  if (exitCode === 0) return "✅ cordon check passed";
  if (exitCode === 1) return "❌ cordon check failed";
  return "❌ cordon check could not read the contracts";
}

function summaryTable(result: CheckResult): string {
  const { errors, warnings, waived } = result.summary;
  const digest = result.contractsDigest ? code(result.contractsDigest, { inTable: true }) : "—";
  return [
    "| Errors | Warnings | Waived | Contracts |",
    "|---:|---:|---:|---|",
    `| ${errors} | ${warnings} | ${waived} | ${digest} |`,
  ].join("\n");
}

function findingsSection(findings: readonly ReportedFinding[], options: MarkdownOptions): string {
  if (findings.length === 0) return "No findings.";
  const summaries = new Map((options.rules ?? []).map((rule) => [rule.id, rule.docs.summary]));
  const budget = options.budget ?? DEFAULT_BUDGET;
  const lines = ["#### Findings"];
  let used = 0;
  let shown = 0;
  for (const [rule, group] of groupByRule(findings)) {
    const summary = summaries.get(rule);
    const heading = `\n**${code(rule)}** (${group.length})${summary ? ` — ${inline(summary)}` : ""}\n`;
    const items = [];
    for (const finding of group) {
      const item = findingItem(finding, options.cwd);
      if (used + heading.length + item.length > budget) break;
      items.push(item);
      used += item.length;
    }
    if (items.length === 0) break;
    lines.push(heading, ...items);
    used += heading.length;
    shown += items.length;
    if (items.length < group.length) break;
  }
  if (shown < findings.length) {
    lines.push(`\n…and ${findings.length - shown} more; run \`cordon check\` for the full list.`);
  }
  return lines.join("\n");
}

/** Groups in order of first appearance (the result lists errors first). */
function groupByRule(findings: readonly ReportedFinding[]): Map<string, ReportedFinding[]> {
  const groups = new Map<string, ReportedFinding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.rule);
    if (group) group.push(finding);
    else groups.set(finding.rule, [finding]);
  }
  return groups;
}

function findingItem(finding: ReportedFinding, cwd: string): string {
  const icon = finding.severity === "error" ? "❌" : "⚠️";
  const where = finding.location
    ? ` at ${code(`${displayPath(finding.location.file, cwd)}:${finding.location.line}:${finding.location.column}`)}`
    : "";
  const lines = [`- ${icon} ${code(finding.subject)}${where}`, `  ${inline(finding.message)}`];
  if (finding.hint) lines.push(`  Hint: ${inline(finding.hint)}`);
  // A backslash before the line end is CommonMark's hard line break.
  return lines.join("\\\n");
}

function waiversSection(waived: readonly ReportedFinding[], options: MarkdownOptions): string {
  if (waived.length === 0) return "";
  const asOf = options.asOf !== undefined && isValidDate(options.asOf) ? options.asOf : undefined;
  const header = asOf
    ? ["| Rule | Subject | Approved by | Reason | Expires | Days left |", "|---|---|---|---|---|---:|"]
    : ["| Rule | Subject | Approved by | Reason | Expires |", "|---|---|---|---|---|"];
  const rows = waived.map((finding) => {
    const waiver = finding.waiver;
    const cells = [
      code(finding.rule, { inTable: true }),
      code(finding.subject, { inTable: true }),
      waiver ? escapeText(waiver.approvedBy) : "—",
      waiver ? inline(waiver.reason, { inTable: true }) : "—",
      waiver ? escapeText(waiver.expires) : "—",
    ];
    if (asOf) cells.push(waiver && isValidDate(waiver.expires) ? String(daysBetween(asOf, waiver.expires)) : "—");
    return `| ${cells.join(" | ")} |`;
  });
  return [`#### Waivers (${waived.length})`, "", ...header, ...rows].join("\n");
}

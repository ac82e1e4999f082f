/**
 * `check --format github`: GitHub Actions workflow commands, one annotation per finding,
 * so findings show up on the changed lines of a pull request without a SARIF upload.
 * Errors and warnings keep their severity; waived findings are `::notice`s that say who
 * waived them and why. A plain summary line ends the output.
 *
 * Escaping follows @actions/core (command.ts): in the message `%`, `\r`, `\n` are
 * percent-encoded; in properties also `:` and `,` (they delimit the properties).
 */
import type { CheckResult, ReportedFinding, Summary } from "../result.js";
import { escapeControl } from "./control.js";
import { displayPath } from "./paths.js";

export interface GithubOptions {
  /** Annotation paths are relative to this folder (the workspace root in CI). */
  readonly cwd: string;
  readonly exitCode: number;
}

export function formatGithub(result: CheckResult, options: GithubOptions): string {
  const lines = result.findings.map((finding) => annotation(finding, options.cwd));
  lines.push(summaryLine(result.summary, options.exitCode));
  return `${lines.join("\n")}\n`;
}

export function annotation(finding: ReportedFinding, cwd: string): string {
  const command = finding.waived ? "notice" : finding.severity;
  const properties: [string, string | number][] = [];
  const location = finding.location;
  if (location) {
    properties.push(["file", displayPath(location.file, cwd)], ["line", location.line]);
    if (location.endLine !== undefined) properties.push(["endLine", location.endLine]);
    properties.push(["col", location.column]);
    // GitHub only honours endColumn on single-line annotations.
    if (location.endColumn !== undefined && (location.endLine === undefined || location.endLine === location.line)) {
      properties.push(["endColumn", location.endColumn]);
    }
  }
  properties.push(["title", finding.waived ? `${finding.rule} (waived)` : finding.rule]);
  const list = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(",");
  return `::${command} ${list}::${escapeData(message(finding))}`;
}

function message(finding: ReportedFinding): string {
  const lines = [finding.message];
  if (finding.hint) lines.push(`Hint: ${finding.hint}`);
  if (finding.waiver) {
    lines.push(
      `Waived until ${finding.waiver.expires}, approved by ${finding.waiver.approvedBy}: ${finding.waiver.reason}`,
    );
  }
  lines.push(`Subject: ${finding.subject}`);
  return lines.join("\n");
}

export function summaryLine(summary: Summary, exitCode: number): string {
  const verdict = exitCode === 0 ? "passed" : exitCode === 1 ? "failed" : "could not check the contracts";
  return `cordon check ${verdict}: ${count(summary.errors, "error")}, ${count(summary.warnings, "warning")}, ${summary.waived} waived`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** The message part of a workflow command (control characters escaped first: the log is a terminal). */
export function escapeData(text: string): string {
  // CR stays for the percent-encoding below, as @actions/core writes it.
  return text.split("\r").map(escapeControl).join("\r").replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A property value of a workflow command. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

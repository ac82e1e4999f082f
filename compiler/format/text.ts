/**
 * Human output: findings grouped by file, each as `path:line:col  severity  message  [rule]`
 * (a form terminals and editors turn into links), its code frame and hint; then a summary.
 * Linear in findings and file sizes: each file is split into lines once, on its first frame.
 * User text is printed with control characters escaped (control.ts).
 */
import type { CheckResult, ReportedFinding } from "../result.js";
import { palette, type Palette } from "./ansi.js";
import { codeFrame, splitLines } from "./code-frame.js";
import { escapeControl } from "./control.js";
import { displayPath } from "./paths.js";

export interface TextOptions {
  readonly cwd: string;
  readonly color: boolean;
  /** Code frames (default true). */
  readonly frames?: boolean;
  /** The run's exit code: the summary line is red when the run fails (e.g. warnings with --strict). */
  readonly exitCode?: number;
  readonly strict?: boolean;
  readonly version?: string;
  /** Whether waivers were applied (`check`): `validate` applies none, so it shows no "0 waived". */
  readonly waivers?: boolean;
}

export function formatText(result: CheckResult, options: TextOptions): string {
  const colors = palette(options.color);
  // Findings come sorted by file (CheckResult), so each file's findings stand together.
  const lines = new Map<string, readonly string[]>();
  const linesOf = (file: string): readonly string[] | undefined => {
    let split = lines.get(file);
    if (split === undefined) {
      const text = result.sources.get(file);
      if (!text) return undefined;
      split = splitLines(text);
      lines.set(file, split);
    }
    return split;
  };
  const blocks = result.findings.map((finding) => formatFinding(finding, linesOf, options, colors));
  blocks.push(summaryLine(result, colors, options.exitCode, options.waivers ?? true));
  return blocks.join("\n\n") + "\n";
}

function formatFinding(
  finding: ReportedFinding,
  linesOf: (file: string) => readonly string[] | undefined,
  options: TextOptions,
  colors: Palette,
): string {
  const where = finding.location
    ? colors.cyan(`${escapeControl(displayPath(finding.location.file, options.cwd))}:${finding.location.line}:${finding.location.column}`)
    : colors.cyan(escapeControl(finding.subject));
  const severity = finding.waived
    ? colors.dim("waived")
    : finding.severity === "error"
      ? colors.red(colors.bold("error"))
      : colors.yellow(colors.bold("warning"));
  const lines = [`${where}  ${severity}  ${escapeControl(finding.message)}  ${colors.dim(`[${escapeControl(finding.rule)}]`)}`];
  const source = finding.location && (options.frames ?? true) ? linesOf(finding.location.file) : undefined;
  if (finding.location && source) {
    const frame = codeFrame(source, finding.location, { color: options.color });
    if (frame) lines.push(indent(frame, 2));
  }
  if (finding.hint) lines.push(`  ${colors.cyan("hint:")} ${escapeControl(finding.hint).split("\n").join("\n        ")}`);
  if (finding.waived && finding.waiver) {
    const { expires, approvedBy, reason } = finding.waiver;
    lines.push(`  ${colors.dim(escapeControl(`waived until ${expires} by ${approvedBy}: ${reason}`))}`);
  }
  return lines.join("\n");
}

function summaryLine(result: CheckResult, colors: Palette, exitCode: number | undefined, waivers: boolean): string {
  const { errors, warnings, waived } = result.summary;
  const counts = `${plural(errors, "error")}, ${plural(warnings, "warning")}` + (waivers ? `, ${waived} waived` : "");
  if (errors > 0 || (exitCode !== undefined && exitCode !== 0)) return colors.red(colors.bold(`✖ ${counts}`));
  if (warnings > 0) return colors.yellow(colors.bold(`⚠ ${counts}`));
  return colors.green(colors.bold(`✔ ${counts}`));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function indent(text: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  return text
    .split("\n")
    .map((line) => pad + line)
    .join("\n");
}

/**
 * A code frame in the style of Babel and TypeScript: a few numbered lines around the
 * finding, a `>` on its line and carets under its span. Colour only when asked.
 */
import type { Location } from "../../contracts/finding.js";
import { palette } from "./ansi.js";

export interface CodeFrameOptions {
  readonly color?: boolean;
  /** Lines shown above and below the finding's line. */
  readonly above?: number;
  readonly below?: number;
  /** Longest line shown; longer lines are cut (minified or generated files). */
  readonly maxWidth?: number;
}

export function codeFrame(text: string, location: Pick<Location, "line" | "column" | "endLine" | "endColumn">, options: CodeFrameOptions = {}): string {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop(); // the final newline ends a line, it starts none
  const line = location.line;
  if (line < 1 || line > lines.length) return "";
  const { red, dim, bold } = palette(options.color ?? false);
  const above = options.above ?? 2;
  const below = options.below ?? 1;
  const maxWidth = options.maxWidth ?? 160;
  const first = Math.max(1, line - above);
  const last = Math.min(lines.length, line + below);
  const gutter = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const raw = (lines[n - 1] ?? "").replaceAll("\t", " ");
    const content = raw.length > maxWidth ? raw.slice(0, maxWidth) + "…" : raw;
    const number = String(n).padStart(gutter);
    if (n === line) {
      out.push(`${red(bold(">"))} ${dim(`${number} |`)} ${content}`.trimEnd());
      const start = Math.min(Math.max(1, location.column), content.length + 1);
      const sameLine = location.endLine === undefined || location.endLine === line;
      const end = sameLine && location.endColumn !== undefined ? Math.min(location.endColumn, content.length + 1) : start + 1;
      const width = Math.max(1, end - start);
      out.push(`  ${dim(`${" ".repeat(gutter)} |`)} ${" ".repeat(start - 1)}${red(bold("^".repeat(width)))}`);
    } else {
      out.push(`  ${dim(`${number} |`)} ${content}`.trimEnd());
    }
  }
  return out.join("\n");
}

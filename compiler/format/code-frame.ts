/**
 * A code frame in the style of Babel and TypeScript: a few numbered lines around the
 * finding, a `>` on its line and carets under its span. Colour only when asked. A file is
 * split into lines once (`splitLines`), however many findings point into it; control
 * characters in the lines are shown escaped, with the carets under the escaped text.
 */
import type { Location } from "../../contracts/finding.js";
import { palette } from "./ansi.js";
import { escapeControl } from "./control.js";

export interface CodeFrameOptions {
  readonly color?: boolean;
  /** Lines shown above and below the finding's line. */
  readonly above?: number;
  readonly below?: number;
  /** Longest line shown; longer lines are cut (minified or generated files). */
  readonly maxWidth?: number;
}

/** The lines of a file, as a frame numbers them (the final newline ends a line, it starts none). */
export function splitLines(text: string): readonly string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

export function codeFrame(
  lines: readonly string[],
  location: Pick<Location, "line" | "column" | "endLine" | "endColumn">,
  options: CodeFrameOptions = {},
): string {
  const line = location.line;
  if (line < 1 || line > lines.length) return "";
  const { red, dim, bold } = palette(options.color ?? false);
  const above = options.above ?? 2;
  const below = options.below ?? 1;
  const maxWidth = options.maxWidth ?? 160;
  const first = Math.max(1, line - above);
  const last = Math.min(lines.length, line + below);
  const gutter = String(last).length;
  /** A line as shown: tabs as spaces, control characters escaped, cut at maxWidth. */
  const shown = (raw: string) => {
    const text = escapeControl(raw.replaceAll("\t", " "));
    return text.length > maxWidth ? text.slice(0, maxWidth) + "…" : text;
  };
  /** The shown column of a raw 1-based column (escapes widen what precedes it). */
  const shownColumn = (raw: string, column: number) => escapeControl(raw.slice(0, column - 1).replaceAll("\t", " ")).length + 1;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const raw = lines[n - 1] ?? "";
    const content = shown(raw);
    const number = String(n).padStart(gutter);
    if (n === line) {
      out.push(`${red(bold(">"))} ${dim(`${number} |`)} ${content}`.trimEnd());
      const column = Math.min(Math.max(1, location.column), raw.length + 1);
      const start = Math.min(shownColumn(raw, column), content.length + 1);
      const sameLine = location.endLine === undefined || location.endLine === line;
      const endColumn = sameLine && location.endColumn !== undefined ? Math.min(Math.max(location.endColumn, column), raw.length + 1) : undefined;
      const end = endColumn !== undefined ? Math.min(shownColumn(raw, endColumn), content.length + 1) : start + 1;
      const width = Math.max(1, end - start);
      out.push(`  ${dim(`${" ".repeat(gutter)} |`)} ${" ".repeat(start - 1)}${red(bold("^".repeat(width)))}`);
    } else {
      out.push(`  ${dim(`${number} |`)} ${content}`.trimEnd());
    }
  }
  return out.join("\n");
}

/**
 * User text (messages, subjects, waiver reasons, e-mail addresses) inside GitHub-flavoured
 * Markdown: it must read as the text it is, never as markup, HTML, a table cell break or a
 * mention. Contract authors write these strings; a pull-request comment renders them.
 */
import { escapeControl } from "./control.js";

/**
 * One line of plain text: the characters that are markup anywhere (emphasis, code, links,
 * HTML, table pipes, strikethrough, math) backslash-escaped or turned into entities, and
 * the ones that are markup only at the start of a line (headings, list items, block quotes,
 * setext underlines) escaped there, since a message may begin a continuation line.
 */
export function escapeText(text: string): string {
  return oneLine(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_[\]|~$]/g, "\\$&")
    .replace(/^(\s*)([#+=-])/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/, "$1\\$2")
    // `@someone` would ping someone: a zero-width space after `@` keeps the text, not the ping.
    .replace(/@/g, "@&#8203;");
}

/**
 * Text whose `backticked` parts are meant as code (cordon's messages and hints quote names
 * and YAML that way): those become code spans, the rest is escaped text. Safe for any input:
 * every piece goes through `code` or `escapeText`.
 */
export function inline(text: string, context: { inTable?: boolean } = {}): string {
  const line = oneLine(text);
  const parts: string[] = [];
  let last = 0;
  for (const match of line.matchAll(/`([^`]+)`/g)) {
    parts.push(escapeText(line.slice(last, match.index)), code(match[1]!, context));
    last = match.index + match[0].length;
  }
  parts.push(escapeText(line.slice(last)));
  return parts.join("");
}

/**
 * Inline code. A code span shows its content literally (no HTML, no markup), so only the
 * backtick fence and, inside a table, the pipe need care: GFM splits cells on `|` before it
 * parses code spans, and takes `\|` as a literal pipe there.
 */
export function code(text: string, context: { inTable?: boolean } = {}): string {
  let content = oneLine(text);
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  if (context.inTable) content = content.replace(/\|/g, "\\|");
  // A span that starts or ends with a backtick (or is only spaces) needs padding.
  const pad = content.startsWith("`") || content.endsWith("`") || /^ +$/.test(content) ? " " : "";
  return content === "" ? "" : `${fence}${pad}${content}${pad}${fence}`;
}

/** Line breaks and tabs as single spaces (table cells and list items are one line); other control characters escaped. */
export function oneLine(text: string): string {
  return escapeControl(text.replace(/[\r\n\t]+/g, " "));
}

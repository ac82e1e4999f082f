/** Escaping for everything a contract author can write that ends up in HTML or SVG. */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text and attribute values alike: the five characters that can end either. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Shorter than `max` characters, with an ellipsis where it was cut. */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

/**
 * Escaped, with a line-break opportunity (<wbr>) after every `/`: a path, subject or rule id
 * wraps at its separators instead of mid-word.
 */
export function escapeBreakable(text: string): string {
  return text
    .split("/")
    .map(escapeHtml)
    .join("/<wbr>");
}

/** A rule id that may wrap after its `/` only: each part kept whole (`.seg` is nowrap). */
export function escapeRuleId(id: string): string {
  return id
    .split("/")
    .map((part) => `<span class="seg">${escapeHtml(part)}</span>`)
    .join("/<wbr>");
}

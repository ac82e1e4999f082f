/**
 * Control characters in output: shown as escapes (`\x1b`, `\u202e`), never raw. A contract
 * string, a message quoting one, a file name or a line of a code frame may carry ESC, BEL
 * or a bidirectional override from a hostile pull request; raw, they retitle or clear the
 * terminal that prints them, hide text in a CI log or reorder what a reviewer reads. Every
 * formatter passes user-derived text through `escapeControl`. Tab and line feed stay: they
 * are layout, and every format already deals with them.
 */

// C0 controls but tab and line feed, DEL, C1 controls, and the bidi embedding, override
// and isolate controls (U+202A–U+202E, U+2066–U+2069) of "Trojan Source".
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}


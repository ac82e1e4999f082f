/**
 * Where a YAML syntax error really is. For an unclosed `[`, `{` or quote the parser notices
 * only where the text runs out (the next key, or the end of the file), lines below the
 * cause; a person looks for the bracket or quote they forgot to close. This finds it: a
 * lexical scan, in the spirit of flowNestingOver (yaml.ts), of the innermost flow bracket or
 * quoted scalar that is still open at the error's offset.
 */

export interface Opener {
  readonly offset: number;
  readonly char: "[" | "{" | '"' | "'";
}

/** The parser messages that mean "something opened earlier was never closed". */
const UNCLOSED = /flow (sequence|map|collection)|closing .?quote|end with a [\]}]/i;

export function isUnclosedMessage(message: string): boolean {
  return UNCLOSED.test(message);
}

/** The innermost bracket or quote opened before `before` and not closed by then. */
export function unclosedOpener(text: string, before: number): Opener | undefined {
  const end = Math.min(before, text.length);
  const stack: Opener[] = [];
  let lineStart = true;
  for (let i = 0; i < end; i++) {
    const c = text[i];
    if (c === "\n") {
      lineStart = true;
      continue;
    }
    if (lineStart && (c === " " || c === "\t")) continue;
    const tokenStart = lineStart || isTokenBoundary(text.charCodeAt(i - 1));
    lineStart = false;
    if (c === "#" && tokenStart) {
      while (i + 1 < end && text[i + 1] !== "\n") i++;
      continue;
    }
    if ((c === '"' || c === "'") && tokenStart) {
      const start = i;
      let closed = false;
      for (i++; i < end; i++) {
        if (c === '"' && text[i] === "\\") i++;
        else if (text[i] === c) {
          if (c === "'" && text[i + 1] === "'") i++;
          else {
            closed = true;
            break;
          }
        }
      }
      if (!closed) return { offset: start, char: c };
      continue;
    }
    if ((c === "[" || c === "{") && (tokenStart || stack.length > 0)) stack.push({ offset: i, char: c });
    else if ((c === "]" || c === "}") && stack.length > 0) stack.pop();
  }
  return stack[stack.length - 1];
}

/** Whitespace, `[`, `{`, `,`, `:` or `-`: where a flow collection or quoted scalar may begin. */
function isTokenBoundary(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 91 || code === 123 || code === 44 || code === 58 || code === 45;
}

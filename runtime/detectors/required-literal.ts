/**
 * The longest text that every match of a user pattern contains, read from the pattern's source
 * (`cus_` of `cus_[A-Za-z0-9]{14}`, `EMP-` of `\bEMP-\d{6}\b`), or undefined when there is none
 * to be sure of. Conservative: only characters at the top level of the pattern (not in a group
 * or a class) that are not optional count, and a top-level `|` means no literal at all; the
 * detector then runs the regex on every value. `\` escapes of punctuation are literals; every
 * other escape (`\d`, `\b`, `\u{…}`) ends a run.
 */
const SPECIAL = new Set(["\\", "^", "$", ".", "|", "?", "*", "+", "(", ")", "[", "]", "{", "}"]);
/** Escaped characters that stand for themselves (syntax characters and `/`, `-`, as the `u` flag allows). */
const ESCAPED_LITERAL = new Set(["^", "$", "\\", ".", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "/", "-"]);

export function requiredLiteral(source: string): string | undefined {
  let best = "";
  let run = "";
  let depth = 0;
  let inClass = false;
  const end = () => {
    if (run.length > best.length) best = run;
    run = "";
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (inClass) {
      if (c === "\\") i++;
      else if (c === "]") inClass = false;
      continue;
    }
    if (c === "\\") {
      const next = source[i + 1];
      i++;
      if (depth === 0 && next !== undefined && ESCAPED_LITERAL.has(next)) {
        run += next;
        i = quantified(source, i, () => (run = run.slice(0, -1)), end);
      } else end();
      continue;
    }
    if (c === "[") {
      inClass = true;
      end();
      continue;
    }
    if (c === "(") {
      depth++;
      end();
      continue;
    }
    if (c === ")") {
      depth--;
      end();
      // a quantifier after a group applies to the group: nothing to undo in the (ended) run
      continue;
    }
    if (c === "|") {
      if (depth === 0) return undefined;
      continue;
    }
    if (depth > 0) continue;
    if (c === "{") {
      // a quantifier after a class, group or escape (`[éü]{2}`, `\d{3}`): its digits are not
      // text of the match, so skip to its end (an unclosed `{` ends the scan conservatively)
      end();
      const close = source.indexOf("}", i + 1);
      if (close === -1) break;
      i = close;
      continue;
    }
    if (SPECIAL.has(c)) {
      end();
      continue;
    }
    run += c;
    i = quantified(source, i, () => (run = run.slice(0, -1)), end);
  }
  end();
  return best.length > 0 ? best : undefined;
}

/**
 * After a literal character at `i`: an optional quantifier (`?`, `*`, `{0…}`) takes the
 * character back out of the run; any quantifier ends the run (what follows is not adjacent in
 * every match). Returns the index of the last character consumed.
 */
function quantified(source: string, i: number, takeBack: () => void, endRun: () => void): number {
  const q = source[i + 1];
  if (q === "?" || q === "*") {
    takeBack();
    endRun();
    return i;
  }
  if (q === "+") {
    endRun();
    return i;
  }
  if (q === "{") {
    const close = source.indexOf("}", i + 1);
    const min = Number.parseInt(source.slice(i + 2, close), 10);
    if (close !== -1 && Number.isInteger(min)) {
      if (min === 0) takeBack();
      endRun();
      return close;
    }
  }
  return i;
}

/**
 * Does a quoted scalar or a flow collection (`[…]`, `{…}`) run over a line break? js-yaml reads
 * such a node whatever the indentation of its later lines — `brief: "\n>Primary e-mail"` under an
 * indented key reads as " >Primary e-mail" — where `yaml` (the careful path) reports the line as
 * badly indented; found by test/robustness/api.property.test.ts. Contract files rarely have such
 * nodes, so the fast path (fast-yaml.ts) declines them all and the careful path decides.
 *
 * One pass over the text, tracking quotes, flow depth and comments. It may say yes for a file
 * without such a node (a quote inside a block scalar's text): that only costs the careful path.
 * It never says no for a file with one: a quote or bracket opens a node only where a node can
 * start (after indentation, `:`, `-`, `?`, `,`, `[` or `{`), and is counted wherever it does.
 * Measured: ~16 ms over bench/check.mjs's 500-service set (1.5 MB), whose js-yaml parse takes ~100 ms.
 */
export function hasMultiLineFlow(text: string): boolean {
  let quote = 0; // the open quote's char code, 0 when none
  let depth = 0; // open flow collections
  let last = 10; // the last character that is not a space or tab on this line (10: none yet)
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === 10) return true;
      if (quote === 34 && c === 92) i++; // "\x" escape
      else if (c === quote) {
        if (quote === 39 && text.charCodeAt(i + 1) === 39) i++; // '' inside '…'
        else {
          quote = 0;
          last = c;
        }
      }
      continue;
    }
    if (c === 10) {
      if (depth > 0) return true;
      last = 10;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) continue;
    const afterSpace = i === 0 || isBlank(text.charCodeAt(i - 1));
    if (c === 35 && afterSpace) {
      // a comment, to the end of the line
      while (i + 1 < text.length && text.charCodeAt(i + 1) !== 10) i++;
      continue;
    }
    const nodeStart = last === 10 || ((afterSpace || depth > 0) && opensNode(last));
    if ((c === 34 || c === 39) && nodeStart) quote = c;
    else if ((c === 91 || c === 123) && (nodeStart || depth > 0)) depth++;
    else if ((c === 93 || c === 125) && depth > 0) depth--;
    last = c;
  }
  return quote !== 0 || depth > 0;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** `:`, `-`, `?`, `,`, `[`, `{`: a node may start after them. */
function opensNode(c: number): boolean {
  return c === 58 || c === 45 || c === 63 || c === 44 || c === 91 || c === 123;
}

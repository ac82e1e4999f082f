/**
 * A conservative static check of user detector patterns (SPEC §1.8) against catastrophic
 * backtracking. Rejected: invalid patterns, backreferences, a repeated group that itself
 * contains a quantifier (`(a+)+`, `(\w*)*`), a repeated group whose alternatives can
 * start with the same character (`(a|ab)*`, `(\d|1)+`), and two unbounded repetitions in a
 * row that can match the same characters with nothing in between that only one of them can
 * match (`\d+\d+`, `\w+\s*\w+`, `.*x.*`: polynomial backtracking, cubic and worse on a
 * long value). Conservative means it may refuse a pattern that is in fact safe; it never
 * accepts one of these shapes. (What is left, one unbounded repetition searched for at every
 * position, can still take quadratic time: the runtime bounds the length it scans.)
 */
export type PatternVerdict = { readonly safe: true } | { readonly safe: false; readonly reason: string; readonly hint: string };

interface Group {
  /** Some atom inside the group carries a quantifier. */
  quantified: boolean;
  /**
   * The characters the current alternative's latest unbounded repetition can still take:
   * a later unbounded repetition overlapping them, with no separator between, is ambiguous.
   */
  run: CharSet | undefined;
  /** The run going on where the group starts (each alternative continues it). */
  entry: CharSet | undefined;
  /** The runs still going at the ends of its alternatives (they continue after the group). */
  trailing: CharSet | undefined;
  /** Start offset of the current alternative. */
  alternativeStart: number;
  /** First-character sets of the alternatives seen so far. */
  firsts: CharSet[];
  /** First-character set of the current alternative, once its first atom is known. */
  current: CharSet | undefined;
}

/** ASCII bitmap (0–127) plus "some non-ASCII character". */
type CharSet = { readonly bits: Uint8Array; readonly other: boolean };
const ALL: CharSet = { bits: new Uint8Array(128).fill(1), other: true };
const NONE: CharSet = { bits: new Uint8Array(128), other: false };

export function checkPattern(pattern: string): PatternVerdict {
  try {
    new RegExp(pattern, "u");
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, "") : String(error);
    return { safe: false, reason: `not a valid regular expression: ${message}`, hint: "fix the pattern (it is compiled as a JavaScript RegExp with the `u` flag)" };
  }
  const stack: Group[] = [newGroup(0)];
  const top = () => stack[stack.length - 1]!;
  let i = 0;
  /** Start and end of the last atom, for the quantifier that may follow it. */
  let lastAtom: { start: number; end: number; group?: Group } | undefined;
  /** The last atom's characters (and a group's trailing runs), until we know whether a quantifier follows it. */
  let unsettled: { set: CharSet; trailing?: CharSet } | undefined;
  /** A repetition ambiguous with the run before it, once found. */
  let adjacent: PatternVerdict | undefined;
  const settle = (quantifier: string | undefined) => {
    if (unsettled === undefined) return;
    const group = top();
    adjacent ??= followRun(group, unsettled.set, quantifier);
    if (unsettled.trailing) group.run = union(group.run ?? NONE, unsettled.trailing);
    unsettled = undefined;
  };
  while (i < pattern.length) {
    const c = pattern[i]!;
    const isQuantifier = c === "*" || c === "+" || c === "?" || (c === "{" && /^\{\d+(,\d*)?\}/.test(pattern.slice(i)));
    if (!isQuantifier) settle(undefined);
    if (adjacent) return adjacent;
    if (c === "\\") {
      const next = pattern[i + 1] ?? "";
      if (/[1-9]/.test(next) || (next === "k" && pattern[i + 2] === "<")) {
        return unsafe("it uses a backreference", "backreferences force backtracking; match the text without referring back to a group");
      }
      const end = escapeEnd(pattern, i);
      lastAtom = { start: i, end };
      noteFirst(top(), pattern, i, end);
      unsettled = { set: charSetOf(pattern.slice(i, end)) };
      i = end;
    } else if (c === "[") {
      const end = classEnd(pattern, i);
      lastAtom = { start: i, end };
      noteFirst(top(), pattern, i, end);
      unsettled = { set: charSetOf(pattern.slice(i, end)) };
      i = end;
    } else if (c === "(") {
      let bodyStart = i + 1;
      if (pattern[i + 1] === "?") {
        if (pattern[i + 2] === "<" && pattern[i + 3] !== "=" && pattern[i + 3] !== "!") bodyStart = pattern.indexOf(">", i) + 1;
        else bodyStart = i + (pattern[i + 2] === "<" ? 4 : 3);
      }
      // The group's own first characters are unknown here: be conservative.
      if (!top().current) top().current = ALL;
      const group = newGroup(bodyStart);
      group.run = group.entry = top().run;
      stack.push(group);
      i = bodyStart;
      lastAtom = undefined;
    } else if (c === ")") {
      if (stack.length === 1) return { safe: true }; // unbalanced: RegExp above already refused it
      const group = stack.pop()!;
      closeAlternative(group);
      if (group.quantified) top().quantified = true;
      lastAtom = { start: i, end: i + 1, group };
      // What a group can match is not worked out: assume anything.
      unsettled = group.trailing ? { set: ALL, trailing: group.trailing } : { set: ALL };
      i++;
    } else if (c === "|") {
      closeAlternative(top());
      top().alternativeStart = i + 1;
      top().run = top().entry;
      i++;
      lastAtom = undefined;
    } else if (isQuantifier) {
      const quantifier = c === "{" ? /^\{\d+(,\d*)?\}/.exec(pattern.slice(i))![0] : c;
      const repeats = quantifier === "*" || quantifier === "+" || isRepeatingRange(quantifier);
      const optional = quantifier === "*" || quantifier === "?" || quantifier.startsWith("{0");
      if (lastAtom?.group && repeats) {
        const group = lastAtom.group;
        if (group.quantified) {
          return unsafe(`the repeated group \`${pattern.slice(lastAtom.start === i ? i : findOpen(pattern, lastAtom.start), i + quantifier.length)}\` contains another quantifier (nested quantifiers)`, "remove the inner or the outer repetition, e.g. `(a+)+` → `a+`");
        }
        if (overlapping(group)) {
          return unsafe("a repeated group has alternatives that can start with the same character", "make the alternatives start differently, e.g. `(a|ab)*` → `(ab?)*`");
        }
      }
      if (optional && isFirstAtomOfAlternative(top(), lastAtom)) top().current = ALL;
      top().quantified = true;
      settle(quantifier);
      if (adjacent) return adjacent;
      i += quantifier.length;
      if (pattern[i] === "?") i++; // lazy: backtracks the same
      lastAtom = undefined;
    } else {
      lastAtom = { start: i, end: i + 1 };
      noteFirst(top(), pattern, i, i + 1);
      // `^`, `$`, `.`, a literal: its characters (anchors match none, and so separate).
      unsettled = { set: c === "^" || c === "$" ? NONE : charSetOf(c) };
      i++;
    }
  }
  settle(undefined);
  return adjacent ?? { safe: true };
}

/**
 * Take the next atom of the current alternative into account: an unbounded repetition that
 * overlaps the run before it is ambiguous; a mandatory atom the run cannot take ends the run;
 * optional atoms and ones the run can take leave it going.
 */
function followRun(group: Group, atom: CharSet, quantifier: string | undefined): PatternVerdict | undefined {
  const unbounded = quantifier === "*" || quantifier === "+" || (quantifier !== undefined && /^\{\d+,\}$/.test(quantifier));
  const optional = quantifier === "*" || quantifier === "?" || (quantifier !== undefined && quantifier.startsWith("{0"));
  if (unbounded) {
    if (group.run && intersects(group.run, atom)) {
      return unsafe(
        "two repetitions in a row can match the same characters (like `\\d+\\d+` or `\\w+\\s*\\w+`), which backtracks polynomially",
        "merge the repetitions (`\\d+\\d+` → `\\d{2,}`), put a character only one side can match between them, or drop a leading or trailing `.*` (detectors search the whole value anyway)",
      );
    }
    group.run = group.run ? union(group.run, atom) : atom;
  } else if (!optional && group.run && !intersects(group.run, atom)) {
    group.run = undefined;
  }
  return undefined;
}

function intersects(x: CharSet, y: CharSet): boolean {
  if (x.other && y.other) return true;
  for (let c = 0; c < 128; c++) if (x.bits[c] && y.bits[c]) return true;
  return false;
}

function union(x: CharSet, y: CharSet): CharSet {
  const bits = new Uint8Array(128);
  for (let c = 0; c < 128; c++) bits[c] = x.bits[c]! | y.bits[c]!;
  return { bits, other: x.other || y.other };
}

function unsafe(reason: string, hint: string): PatternVerdict {
  return { safe: false, reason: `it is prone to catastrophic backtracking: ${reason}`, hint };
}

function newGroup(start: number): Group {
  return { quantified: false, run: undefined, entry: undefined, trailing: undefined, alternativeStart: start, firsts: [], current: undefined };
}

function closeAlternative(group: Group): void {
  group.firsts.push(group.current ?? ALL);
  group.current = undefined;
  if (group.run) group.trailing = group.trailing ? union(group.trailing, group.run) : group.run;
}

/** The group's alternatives (two or more) can begin with a common character. */
function overlapping(group: Group): boolean {
  const sets = group.firsts;
  for (let a = 0; a < sets.length; a++)
    for (let b = a + 1; b < sets.length; b++) {
      if (intersects(sets[a]!, sets[b]!)) return true;
    }
  return false;
}

function noteFirst(group: Group, pattern: string, start: number, end: number): void {
  if (group.current) return;
  group.current = charSetOf(pattern.slice(start, end));
}

function isFirstAtomOfAlternative(group: Group, atom: { start: number } | undefined): boolean {
  return atom !== undefined && atom.start === firstAtomStart(group);
}

function firstAtomStart(group: Group): number {
  return group.alternativeStart;
}

function charSetOf(atom: string): CharSet {
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${atom})$`, "u");
  } catch {
    return ALL;
  }
  const bits = new Uint8Array(128);
  for (let c = 0; c < 128; c++) bits[c] = re.test(String.fromCharCode(c)) ? 1 : 0;
  const other = ["é", "ß", "中", "\u00a0", "\u2028", "😀"].some((ch) => re.test(ch)) || /\\[pP]/.test(atom) || /^\[\^/.test(atom);
  return { bits, other };
}

function escapeEnd(pattern: string, i: number): number {
  const next = pattern[i + 1] ?? "";
  if ((next === "p" || next === "P") && pattern[i + 2] === "{") return pattern.indexOf("}", i) + 1;
  if (next === "u" && pattern[i + 2] === "{") return pattern.indexOf("}", i) + 1;
  if (next === "u") return i + 6;
  if (next === "x") return i + 4;
  if (next === "c") return i + 3;
  return i + 2;
}

function classEnd(pattern: string, i: number): number {
  let j = i + 1;
  while (j < pattern.length && pattern[j] !== "]") j += pattern[j] === "\\" ? 2 : 1;
  return j + 1;
}

function isRepeatingRange(quantifier: string): boolean {
  const [, min, comma, max] = /^\{(\d+)(,)?(\d*)\}$/.exec(quantifier) ?? [];
  if (comma === undefined) return Number(min) > 1;
  return max === "" || Number(max) > 1;
}

function findOpen(pattern: string, close: number): number {
  let depth = 0;
  for (let j = close; j >= 0; j--) {
    if (pattern[j - 1] === "\\") continue;
    if (pattern[j] === ")") depth++;
    else if (pattern[j] === "(" && --depth === 0) return j;
  }
  return 0;
}

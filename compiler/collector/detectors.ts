/**
 * Value detectors (SPEC §1.8) as RE2 patterns for OTTL's `IsMatch`.
 *
 * The runtime's built-in detectors are hand-written scanners with checks a regular expression
 * cannot make (Luhn for card numbers, mod-97 for IBANs, exact address parsers). The Collector
 * gets patterns that match a SUPERSET of what the runtime flags — every value the runtime
 * redacts, the Collector redacts too; it may redact a few more (a 13-digit id that fails Luhn,
 * a `12:30:45` time that looks like IPv6). test/collector/detectors.test.ts checks the
 * superset property against the runtime's scanners.
 *
 * User patterns are handed over as written. They are JavaScript regular expressions in the
 * contract (the runtime compiles them with the `u` flag); the Collector compiles them as RE2.
 * The two agree on the common subset (literals, classes, `.`-free repetition, anchors); the
 * constructs RE2 lacks are refused here rather than shipped as a configuration the Collector
 * would reject at start-up, or one that silently matches something else.
 */
import type { Detector } from "../../contracts/model.js";

type BuiltIn = Exclude<Detector["kind"], "pattern">;

const BUILTIN_PATTERNS: Readonly<Record<BuiltIn, string>> = {
  // 13 digits, one space, no-break space, dash or dot between any two: the start of every
  // separated 13–19 digit PAN (no Luhn: RE2 cannot count, so more values match than in the runtime).
  pan: "[0-9](?:[ \u00A0.-]?[0-9]){12}",
  // a local-part character, @, a domain with a dot, two characters after it — any script, so
  // internationalised addresses match (and some non-addresses: fail closed).
  email: "[^\\s@]@[^\\s@]+\\.[^\\s@]{2}",
  // country letters, check digits, 11 more alphanumerics (single spaces allowed): 15 characters.
  iban: "[A-Za-z]{2}[0-9]{2}(?: ?[A-Za-z0-9]){11}",
  ipv4: "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}",
  // every IPv6 address has two colons with only hex digits between them.
  ipv6: ":[0-9A-Fa-f]*:",
};

/**
 * What the per-place scan (./scan.ts) looks for instead of a built-in pattern, where a superset
 * of its matches starts with a literal: Go's regexp finds a literal start with a string search
 * before it runs the pattern at all, where a pattern without one costs 30–60 ns per character
 * of the text (measured: the shop's joined values, 66 characters, 5.9 µs for email|pan, 44 ns
 * for the `@…` form below). The scan only decides whether the exact per-value statements run.
 */
const BUILTIN_SCAN_PATTERNS: Readonly<Partial<Record<BuiltIn, string>>> = {
  // every email match holds `@`, then a domain with a dot and two characters after it
  email: "@[^\\s@]+\\.[^\\s@]{2}",
  // every IPv4 match ends with `.d.d.d`
  ipv4: "\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}",
};

/** Constructs of JavaScript regular expressions that RE2 (Go's regexp) does not have. */
const NOT_IN_RE2: readonly [RegExp, string][] = [
  [/\(\?[=!]/, "lookahead"],
  [/\(\?<[=!]/, "lookbehind"],
  [/\\[1-9]/, "backreference"],
  [/\\k</, "named backreference"],
  [/\\[pP]\{[^}]*=/, "Unicode property with a value (\\p{Script=…})"],
  [/\\c[A-Za-z]/, "control escape \\cX"],
  [/\\u\{?[0-9A-Fa-f]/, "\\u escape (RE2 writes \\x{…})"],
  [/\(\?<[A-Za-z]/, "named group (?<name>…) (RE2 before Go 1.22 needs (?P<name>…))"],
];

export class UnsupportedPatternError extends Error {
  override name = "UnsupportedPatternError";
}

/** The RE2 pattern of a detector. Throws {@link UnsupportedPatternError} for a user pattern RE2 cannot express. */
export function detectorPattern(detector: Detector): string {
  if (detector.kind !== "pattern") return BUILTIN_PATTERNS[detector.kind];
  for (const [construct, name] of NOT_IN_RE2) {
    if (construct.test(detector.pattern)) {
      throw new UnsupportedPatternError(
        `detector pattern ${JSON.stringify(detector.pattern)} uses a ${name}, which the Collector's RE2 engine does not support`,
      );
    }
  }
  return detector.pattern;
}

/** Built-in detectors: their matches hold no character that JSON escapes (see statements.ts, lists). */
export const isBuiltIn = (detector: Detector): boolean => detector.kind !== "pattern";

/**
 * May this detector look at several values joined by line breaks, in multi-line mode, instead
 * of at each value (statements.ts, the per-place scan)? A match in a value is then a match in
 * the joined text: `^`/`$` match at each line (a value's own start and end), `\b` sees a line
 * break as it sees the end of text. Not with `\A`/`\z` (the joined text's ends only) nor with
 * inline flags, which could turn multi-line mode off (`(?-m)`); those run value by value.
 */
export function joinable(detector: Detector): boolean {
  return detector.kind !== "pattern" || !/\\[Az]|\(\?[^:]/.test(detector.pattern);
}

/** One alternation of several patterns (each kept in its own group). */
export function anyOf(patterns: readonly string[]): string {
  return patterns.length === 1 ? patterns[0]! : patterns.map((p) => `(?:${p})`).join("|");
}

/** The pattern the per-place scan looks for: the detector's, or a superset with a literal start. */
export function scanPattern(detector: Detector): string {
  return (detector.kind !== "pattern" && BUILTIN_SCAN_PATTERNS[detector.kind]) || detectorPattern(detector);
}

/**
 * Does RE2 see a literal start in this pattern (a character that is not an operator, not
 * optional, and no alternation anywhere)? Then Go's regexp skips to it with a string search.
 * A `false` costs speed only: the scan runs such patterns together, in one pass.
 */
export function literalStart(pattern: string): boolean {
  return /^(?:[^\\[\](){}|?*+.^$]|\\[^A-Za-z0-9])(?![?*{])/.test(pattern) && !pattern.includes("|");
}

/**
 * The literal text every match of the pattern starts with (empty when it has no literal start):
 * plain characters and escaped punctuation up to the first operator, without a character that
 * a quantifier may leave out or repeat.
 */
export function literalPrefix(pattern: string): string {
  if (!literalStart(pattern)) return "";
  let prefix = "";
  for (let i = 0; i < pattern.length; ) {
    const escaped = pattern[i] === "\\";
    const c = escaped ? pattern[i + 1] : pattern[i];
    if (c === undefined || (escaped ? /[A-Za-z0-9]/.test(c) : "[](){}|?*+.^$".includes(c))) break;
    i += escaped ? 2 : 1;
    const next = pattern[i];
    if (next === "?" || next === "*" || next === "{") break; // may be left out
    prefix += c;
    if (next === "+") break; // repeated: what follows need not be next to it
  }
  return prefix;
}

/**
 * Could any of these detectors match this text, a constant the compiler knows (a declared span
 * or event name at its own place)? Built-in patterns are run here as JavaScript regular
 * expressions of the same meaning (RE2's `\s` is `[\t\n\f\r ]`; the `u` flag makes classes
 * match code points, as RE2's match runes). A user pattern is not run here (RE2 and JavaScript
 * may read it differently): it may match unless the text lacks the literal its matches start with.
 */
export function mayMatch(detectors: readonly Detector[], text: string): boolean {
  return detectors.some((d) =>
    d.kind === "pattern"
      ? text.includes(literalPrefix(d.pattern))
      : new RegExp(BUILTIN_PATTERNS[d.kind].replaceAll("\\s", "\\t\\n\\f\\r "), "u").test(text),
  );
}

/**
 * The per-place scan: one statement that decides whether a record's values may hold a detector
 * match at all, so that the exact per-value detector statements (./statements.ts), each a
 * regular expression, run only on the few records where one might. It may say "maybe" too
 * often (then the exact statements find nothing), never "no" when a value holds a match.
 *
 * Go's regexp costs 30–60 ns per character of text for a pattern without a literal start, and
 * almost nothing for one with a literal start that the text lacks (a string search), so the
 * scan is written for it:
 * - patterns with a literal start (or a superset that has one: ./detectors.ts `scanPattern`)
 *   are looked for one by one in the values joined by line breaks;
 * - built-in patterns without one (`pan`, `iban`) run value by value: Go's regexp answers "no"
 *   for a text shorter than the pattern's shortest match before it reads a character
 *   (`regexp.minInputLen`: 13 bytes for `pan`), and most values are shorter than that;
 * - user patterns without one run together, in one pass over the joined values.
 * Joined values are searched in multi-line mode for user patterns, so `^` and `$` still match
 * at each value's own start and end (./detectors.ts `joinable`).
 */
import type { SinkDetector } from "../flows.js";
import { anyOf, literalStart, mayMatch, scanPattern } from "./detectors.js";
import { entry, ottlString } from "./ottl.js";
import type { Place } from "./places.js";

/**
 * Set on the record (the map its statements redact) when a value may hold a match: statements
 * of the same group test it, and ./detection.ts moves the per-value ones to a group of their own
 * that only marked records enter. Under the `cordon.hmac` prefix, which the shared stage removes
 * from what senders send (./hmac.ts), so no sender can set it.
 */
export const SCAN_MARK = entry("attributes", "cordon.hmac.scan");
/** The mark, where the per-value statements test it (`cache` is per record and statement group). */
export const SCAN_SLOT = 'cache["cordon.scan"]';
/** Copies the mark to {@link SCAN_SLOT} within the place's own group. */
export const SCAN_LOCAL = `set(${SCAN_SLOT}, true) where ${SCAN_MARK} != nil`;
/** Removes the mark: the last statement of a place's group that scans. */
export const SCAN_END = `delete_key(attributes, ${ottlString("cordon.hmac.scan")})`;
const TEXT_SLOT = 'cache["cordon.text"]';

/**
 * Statements that mark the record ({@link SCAN_MARK}, {@link SCAN_SLOT}) when one of `paths`
 * (attributes and free text of one record) may hold a match of one of the detectors, which must
 * all be `joinable`, or when `also` holds. The place's statements end with {@link SCAN_END}.
 */
export function scanStatements(paths: readonly string[], detectors: readonly SinkDetector[], also?: string): string[] {
  const joined: string[] = []; // patterns to look for in the joined values
  const slow: string[] = []; // user patterns without a literal start: one pass together
  const sized: string[] = []; // built-ins without a literal start: value by value
  for (const { detector } of detectors) {
    const pattern = scanPattern(detector);
    const user = detector.kind === "pattern";
    if (literalStart(pattern)) joined.push(user ? `(?m)${pattern}` : pattern);
    else if (user) slow.push(pattern);
    else sized.push(pattern);
  }
  if (slow.length > 0) joined.push(`(?m)${anyOf(slow)}`);
  const patterns = [...new Set(joined)];
  const statements: string[] = [];
  let text = `Concat([${paths.join(", ")}], ${ottlString("\n")})`;
  if (patterns.length > 1) {
    statements.push(`set(${TEXT_SLOT}, ${text})`);
    text = TEXT_SLOT;
  }
  // `also` first: a map lookup, where each pattern term is a regular expression
  const terms = [...(also === undefined ? [] : [also]), ...patterns.map((p) => `IsMatch(${text}, ${ottlString(p)})`)];
  if (sized.length > 0) {
    const pattern = ottlString(anyOf([...new Set(sized)]));
    for (const path of paths) terms.push(`IsMatch(${path}, ${pattern})`);
  }
  statements.push(`set(${SCAN_MARK}, true) where ${terms.join(" or ")}`, SCAN_LOCAL);
  return statements;
}

/**
 * The free text of a place that detectors must look at in the Collector: all of it but the text
 * the place's scope fixes (a declared span or event name) where no detector can match that
 * constant — decided here, once, instead of on every record.
 */
export function textToScan<T extends { readonly path: string }>(place: Place, freeText: readonly T[], detectors: readonly SinkDetector[]): T[] {
  return freeText.filter((t) => {
    const fixed = place.fixed?.[t.path];
    return fixed === undefined || mayMatch(detectors.map((d) => d.detector), fixed);
  });
}

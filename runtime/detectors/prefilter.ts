/**
 * One pass over a string that tells which built-in detectors could find something in it, before
 * any of them runs. Each fact is necessary for its detector's scanner to say yes (it may say yes
 * too often, never too rarely: test/runtime/detectors.test.ts checks every scanner against it):
 *
 * - pan:   a chain of digit groups joined by single separators holding 12 or more digits from
 *          the start of a group whose first digit some card network's prefixes start with
 *          (containsPan looks at such chains only; a uuid has none, nor an id padded with 0);
 * - email: an `@` in a string of six or more characters;
 * - iban:  two ASCII letters at a word start followed by two digits, in 15 or more characters;
 * - ipv4:  a `.` and four or more digits in seven or more characters;
 * - ipv6:  a `:`.
 *
 * Most values (ids, routes, enums, amounts) have none of these facts, and one loop over their
 * characters settles every built-in detector at once instead of one search per detector.
 *
 * A set of detectors without `iban` and `ipv4` (the shop's: `pan`, `email`) asks for its facts
 * through {@link factsFor}, a leaner pass that tracks neither letter classes nor digit counts:
 * about 40% less for the four new strings of a new shop checkout span (a loop over them, made
 * by concatenation as ids are: 402 → 233 ns at the minimum of 41 alternated rounds, on a
 * loaded machine).
 */
import { CARD_NETWORK_RANGES, MIN_PAN_LENGTH } from "./card-networks.js";
import { isPanSeparator } from "./pan.js";

export const MAY_PAN = 1;
export const MAY_EMAIL = 2;
export const MAY_IBAN = 4;
export const MAY_IPV4 = 8;
export const MAY_IPV6 = 16;

/**
 * The fewest characters a string holding what each built-in looks for has (its fact needs them:
 * twelve digits, `a@b.cd`, `DE00` and eleven more, `1.2.3.4`, `::`), so that a detector set rules
 * a built-in out by a string's length alone, before reading a character (detection-cache.ts).
 */
export const MIN_EMAIL_LENGTH = 6;
export const MIN_IBAN_LENGTH = 15;
export const MIN_IPV4_LENGTH = 7;
export const MIN_IPV6_LENGTH = 2;
export { MIN_PAN_LENGTH };

/** Character classes of the last five characters, two bits each: 0 other, 1 ASCII letter, 2 digit. */
const CLASS_MASK = 0x3ff;
/** other (or the start), letter, letter, digit, digit: where an IBAN can start. */
const IBAN_START = (0 << 8) | (1 << 6) | (1 << 4) | (2 << 2) | 2;

/** What the pass tells apart (one table read per ASCII character instead of a chain of comparisons). */
const OTHER = 0;
const DIGIT = 1;
const LETTER = 2;
const SEPARATOR = 3;
const DOT = 4;
const AT = 5;
const COLON = 6;

const ASCII_KIND: Uint8Array = (() => {
  const kinds = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    if (c >= 48 && c <= 57) kinds[c] = DIGIT;
    else if ((c | 32) >= 97 && (c | 32) <= 122) kinds[c] = LETTER;
    else if (c === 46) kinds[c] = DOT;
    else if (c === 64) kinds[c] = AT;
    else if (c === 58) kinds[c] = COLON;
    else if (isPanSeparator(c)) kinds[c] = SEPARATOR;
  }
  return kinds;
})();

/** Per digit 0–9: does some card network's range start with it? (Not 0 nor 7.) */
const CARD_FIRST_DIGIT: Uint8Array = (() => {
  const first = new Uint8Array(10);
  for (const [low, high] of CARD_NETWORK_RANGES) {
    const lead = (n: number) => Number(String(n)[0]);
    for (let d = lead(low); d <= lead(high); d++) first[d] = 1;
  }
  return first;
})();

/** The MAY_* bits of the built-in detectors that could find something in `s`. */
export function builtinFacts(s: string): number {
  const n = s.length;
  if (n < MIN_IPV6_LENGTH) return 0;
  let digits = 0;
  // digits of the current chain of separated digit groups, from its first group that starts
  // with a card's first digit (-1: no such group yet)
  let card = -1;
  let previousDigit = false;
  let classes = 0;
  let pan = false;
  let iban = false;
  let kinds = 0; // bit k: a character of kind k was seen
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const kind = c < 128 ? ASCII_KIND[c]! : isPanSeparator(c) ? SEPARATOR : OTHER;
    if (kind === DIGIT) {
      digits++;
      if (card < 0 && !previousDigit && CARD_FIRST_DIGIT[c - 48] === 1) card = 0;
      if (card >= 0 && ++card >= MIN_PAN_LENGTH) pan = true;
      classes = ((classes << 2) | 2) & CLASS_MASK;
      if (classes === IBAN_START) iban = true;
      previousDigit = true;
      continue;
    }
    // a separator right after a digit keeps the chain going (if a digit follows); anything else ends it
    if (!(previousDigit && (kind === SEPARATOR || kind === DOT))) card = -1;
    previousDigit = false;
    classes = ((classes << 2) | (kind === LETTER ? 1 : 0)) & CLASS_MASK;
    kinds |= 1 << kind;
  }
  let facts = 0;
  if (pan) facts |= MAY_PAN;
  if ((kinds & (1 << AT)) !== 0 && n >= MIN_EMAIL_LENGTH) facts |= MAY_EMAIL;
  if (iban && n >= MIN_IBAN_LENGTH) facts |= MAY_IBAN;
  if ((kinds & (1 << DOT)) !== 0 && digits >= 4 && n >= MIN_IPV4_LENGTH) facts |= MAY_IPV4;
  if ((kinds & (1 << COLON)) !== 0) facts |= MAY_IPV6;
  return facts;
}

/** The facts {@link panEmailIpv6Facts} computes (the others need letter classes and digit counts). */
const LEAN_FACTS = MAY_PAN | MAY_EMAIL | MAY_IPV6;

/**
 * `builtinFacts(s) & (MAY_PAN | MAY_EMAIL | MAY_IPV6)`, in a pass that keeps only the card
 * chain and whether an `@` or `:` was seen (test/runtime/prefilter.test.ts checks it against
 * builtinFacts).
 */
export function panEmailIpv6Facts(s: string): number {
  const n = s.length;
  if (n < MIN_IPV6_LENGTH) return 0;
  return n < MIN_PAN_LENGTH ? shortFacts(s, n) : chainFacts(s, n);
}

/** panEmailIpv6Facts of a string long enough to hold a card number: one pass over its characters. */
function chainFacts(s: string, n: number): number {
  // digits of the current card chain (as in builtinFacts), -1: none
  let card = -1;
  let previousDigit = false;
  let pan = false;
  let at = false;
  let colon = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const digit = c - 48;
    if (digit >>> 0 < 10) {
      if (card >= 0) {
        if (++card >= MIN_PAN_LENGTH) pan = true;
      } else if (!previousDigit && CARD_FIRST_DIGIT[digit] === 1) {
        card = 1;
      }
      previousDigit = true;
      continue;
    }
    // a separator right after a digit keeps the chain going; anything else ends it
    if (!previousDigit || !isPanSeparator(c)) card = -1;
    previousDigit = false;
    if (c === 64) at = true;
    else if (c === 58) colon = true;
  }
  let facts = 0;
  if (pan) facts |= MAY_PAN;
  if (at && n >= MIN_EMAIL_LENGTH) facts |= MAY_EMAIL;
  if (colon) facts |= MAY_IPV6;
  return facts;
}

/**
 * From this many characters on, a short string is searched for `@` and `:` by the engine's
 * `indexOf` (about 110 instructions a search, whatever the length), below by a loop here: a
 * `charCodeAt` loop costs ~28 instructions a character, since TurboFan checks the string's
 * representation at every read (`node bench/runtime-call-instructions.mjs`).
 */
const SEARCH_FROM = 8;

/** panEmailIpv6Facts of a string too short to hold a card number: an `@`, a `:`. */
function shortFacts(s: string, n: number): number {
  let facts = 0;
  if (n >= SEARCH_FROM) {
    // (SEARCH_FROM > MIN_EMAIL_LENGTH: an `@` is an e-mail's fact)
    if (s.indexOf("@") >= 0) facts |= MAY_EMAIL;
    if (s.indexOf(":") >= 0) facts |= MAY_IPV6;
    return facts;
  }
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 64) facts |= MAY_EMAIL;
    else if (c === 58) facts |= MAY_IPV6;
  }
  return n >= MIN_EMAIL_LENGTH ? facts : facts & ~MAY_EMAIL;
}

/**
 * `panEmailIpv6Facts(s) & (MAY_PAN | MAY_EMAIL)`, for sets without `ipv6` (the shop's): a
 * string too short for a card number needs only an `@`, one search. The shop's order ids and
 * SKUs are 6–11 characters: text() and the facts of a new checkout span went from 2,498 to
 * 2,096 instructions (bench/runtime-instructions-by-function.mjs new --tasks b: rows text,
 * shortFacts, chainFacts, panEmailFacts).
 */
export function panEmailFacts(s: string): number {
  const n = s.length;
  if (n < MIN_EMAIL_LENGTH) return 0;
  if (n < MIN_PAN_LENGTH) return s.indexOf("@") >= 0 ? MAY_EMAIL : 0;
  return chainFacts(s, n) & ~MAY_IPV6;
}

/**
 * The prefilter pass for a set of built-ins whose facts are `wanted` (MAY_* bits):
 * {@link panEmailFacts} when they are among `pan` and `email`, the lean pass when they are
 * among `pan`, `email` and `ipv6`, else {@link builtinFacts}. Bits outside `wanted` may be
 * missing from what it returns.
 */
export function factsFor(wanted: number): (s: string) => number {
  if ((wanted & ~(MAY_PAN | MAY_EMAIL)) === 0) return panEmailFacts;
  return (wanted & ~LEAN_FACTS) === 0 ? panEmailIpv6Facts : builtinFacts;
}

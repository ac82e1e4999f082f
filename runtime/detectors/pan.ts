/**
 * Card numbers (PAN, SPEC §1.8): a known card network's prefix and a length it issues
 * (card-networks.ts), passing the Luhn check; digits may be grouped by single spaces, no-break
 * spaces, `-` or `.`. A hand-written scanner, linear in the input: digit groups are collected
 * once, and only runs of consecutive groups adding up to 12–19 digits are checked (at most 19
 * groups per start, each check at most 19 digits).
 *
 * Not card numbers: an ungrouped run of more than 19 digits (an identifier: checking every
 * window of it would flag one long id in ten by chance), and a number written right after `+`
 * (an E.164 phone number: no card is ever written with a leading `+`), and digits inside a UUID
 * (`8-4-4-4-12` hex digits: its groups are not a card's, whatever they add up to).
 */
import { CARD_NETWORK_RANGES, MAX_PAN_LENGTH, MIN_PAN_LENGTH } from "./card-networks.js";

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Space, no-break space, narrow no-break space, figure space, `-`, `.`. */
export function isPanSeparator(c: number): boolean {
  return c === 32 || c === 0xa0 || c === 0x202f || c === 0x2007 || c === 45 || c === 46;
}

/** Luhn check over the digits of `s` between `start` and `end`, skipping separators. */
function luhn(s: string, start: number, end: number): boolean {
  let sum = 0;
  let double = false;
  for (let i = end - 1; i >= start; i--) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) continue;
    let d = c - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Per PAN length, the networks' ranges as `[low, high]` pairs of six-digit prefixes (`4` is
 * 400000–499999): made once from the table, so that a candidate is checked against the ranges
 * of its own length only, with no arithmetic per range.
 */
const RANGES_BY_LENGTH: readonly Int32Array[] = (() => {
  const byLength: number[][] = [];
  for (let length = 0; length <= MAX_PAN_LENGTH; length++) byLength.push([]);
  for (const [first, last, lengths] of CARD_NETWORK_RANGES) {
    const scale = 10 ** (6 - String(first).length);
    for (const length of lengths) byLength[length]!.push(first * scale, (last + 1) * scale - 1);
  }
  return byLength.map((ranges) => Int32Array.from(ranges));
})();

/** Is there a network issuing `length`-digit cards whose range holds the number starting at `start`? */
function knownNetwork(s: string, start: number, length: number): boolean {
  // the first six digits (an IIN is at most six; a PAN has at least twelve), separators skipped
  let prefix = 0;
  let taken = 0;
  for (let i = start; taken < 6; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) continue;
    prefix = prefix * 10 + (c - 48);
    taken++;
  }
  const ranges = RANGES_BY_LENGTH[length]!;
  for (let i = 0; i < ranges.length; i += 2) if (prefix >= ranges[i]! && prefix <= ranges[i + 1]!) return true;
  return false;
}

/** Is the digit string between `start` and `end` (separators skipped), `length` digits long, a card number? */
function isPan(s: string, start: number, end: number, length: number): boolean {
  return knownNetwork(s, start, length) && luhn(s, start, end);
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** The end of a UUID starting at `i` (not preceded by a hex digit or `-`), or -1. */
function uuidEnd(s: string, i: number): number {
  if (s.length - i < 36) return -1;
  if (i > 0 && (isHex(s.charCodeAt(i - 1)) || s.charCodeAt(i - 1) === 45)) return -1;
  for (let k = 0; k < 36; k++) {
    const c = s.charCodeAt(i + k);
    if (k === 8 || k === 13 || k === 18 || k === 23 ? c !== 45 : !isHex(c)) return -1;
  }
  const after = i + 36 < s.length ? s.charCodeAt(i + 36) : 32;
  return isHex(after) || after === 45 ? -1 : i + 36;
}

/** Does `s` contain a card number? */
export function containsPan(s: string): boolean {
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (isHex(c) && (i === 0 || !isHex(s.charCodeAt(i - 1)))) {
      const end = uuidEnd(s, i);
      if (end !== -1) {
        i = end;
        continue;
      }
    }
    if (!isDigit(c) || (i > 0 && isDigit(s.charCodeAt(i - 1)))) {
      i++;
      continue;
    }
    const afterPlus = i > 0 && s.charCodeAt(i - 1) === 43;
    let j = i;
    while (j < n && isDigit(s.charCodeAt(j))) j++;
    if (!(j + 1 < n && isPanSeparator(s.charCodeAt(j)) && isDigit(s.charCodeAt(j + 1)))) {
      // one ungrouped run (ids, timestamps, amounts): the common case, checked without the group lists
      const digits = j - i;
      if (!afterPlus && digits >= MIN_PAN_LENGTH && digits <= MAX_PAN_LENGTH && isPan(s, i, j, digits)) return true;
      i = j;
      continue;
    }
    // A run of digit groups starting at i: [groupStart, groupEnd) pairs.
    const starts: number[] = [];
    const ends: number[] = [];
    j = i;
    for (;;) {
      const groupStart = j;
      while (j < n && isDigit(s.charCodeAt(j))) j++;
      starts.push(groupStart);
      ends.push(j);
      if (j + 1 < n && isPanSeparator(s.charCodeAt(j)) && isDigit(s.charCodeAt(j + 1))) {
        j++;
        continue;
      }
      break;
    }
    for (let first = afterPlus ? 1 : 0; first < starts.length; first++) {
      let digits = 0;
      for (let last = first; last < starts.length; last++) {
        digits += ends[last]! - starts[last]!;
        if (digits > MAX_PAN_LENGTH) break;
        if (digits >= MIN_PAN_LENGTH && isPan(s, starts[first]!, ends[last]!, digits)) return true;
      }
    }
    i = j;
  }
  return false;
}

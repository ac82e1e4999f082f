/**
 * Card numbers (PAN): 13–19 digits, optionally grouped by single spaces or dashes, passing
 * the Luhn check. A hand-written scanner, linear in the input: digit groups are collected
 * once, and only runs of consecutive groups adding up to 13–19 digits are Luhn-checked (at
 * most 19 groups per start, each check at most 19 digits).
 *
 * An ungrouped run of more than 19 digits is an identifier, not a card number: checking every
 * window of it would flag one long id in ten by chance.
 */
const MIN_DIGITS = 13;
const MAX_DIGITS = 19;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
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

/** Does `s` contain a Luhn-valid card number? */
export function containsPan(s: string): boolean {
  const n = s.length;
  let i = 0;
  while (i < n) {
    if (!isDigit(s.charCodeAt(i)) || (i > 0 && isDigit(s.charCodeAt(i - 1)))) {
      i++;
      continue;
    }
    // A run of digit groups starting at i: [groupStart, groupEnd) pairs.
    const starts: number[] = [];
    const ends: number[] = [];
    let j = i;
    for (;;) {
      const groupStart = j;
      while (j < n && isDigit(s.charCodeAt(j))) j++;
      starts.push(groupStart);
      ends.push(j);
      const sep = j < n ? s.charCodeAt(j) : 0;
      if ((sep === 32 || sep === 45) && j + 1 < n && isDigit(s.charCodeAt(j + 1))) {
        j++;
        continue;
      }
      break;
    }
    for (let first = 0; first < starts.length; first++) {
      let digits = 0;
      for (let last = first; last < starts.length; last++) {
        digits += ends[last]! - starts[last]!;
        if (digits > MAX_DIGITS) break;
        if (digits >= MIN_DIGITS && luhn(s, starts[first]!, ends[last]!)) return true;
      }
    }
    i = j;
  }
  return false;
}

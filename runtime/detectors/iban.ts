/**
 * IBANs: two letters, two check digits, then 11–30 letters or digits (15–34 in all),
 * optionally grouped by single spaces, passing the ISO 13616 mod-97 check. Linear scan: each
 * candidate start (letter letter digit digit at a word boundary) consumes at most 34
 * characters, keeping the mod-97 remainder of the BBAN incrementally, and is checked at
 * every point where the value could end.
 */
const MIN_LENGTH = 15;
const MAX_LENGTH = 34;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function letterValue(c: number): number {
  if (c >= 65 && c <= 90) return c - 55; // A = 10
  if (c >= 97 && c <= 122) return c - 87;
  return -1;
}
function isAlnum(c: number): boolean {
  return isDigit(c) || letterValue(c) >= 0;
}

/** Append one IBAN character (digit or letter) to a running mod-97 remainder. */
function appendMod(r: number, c: number): number {
  if (isDigit(c)) return (r * 10 + (c - 48)) % 97;
  return (r * 100 + letterValue(c)) % 97;
}

export function containsIban(s: string): boolean {
  const n = s.length;
  for (let i = 0; i + MIN_LENGTH <= n; i++) {
    const c0 = s.charCodeAt(i);
    if (letterValue(c0) < 0 || (i > 0 && isAlnum(s.charCodeAt(i - 1)))) continue;
    const c1 = s.charCodeAt(i + 1);
    const c2 = s.charCodeAt(i + 2);
    const c3 = s.charCodeAt(i + 3);
    if (letterValue(c1) < 0 || !isDigit(c2) || !isDigit(c3)) continue;
    // The rearranged number is BBAN ‖ country ‖ check digits; its tail is fixed.
    let tail = 0;
    for (const c of [c0, c1, c2, c3]) tail = appendMod(tail, c);
    // 10^6 mod 97: the tail is always 6 decimal digits (two letters → 4 digits, 2 check digits).
    const shift = 1_000_000 % 97;
    let r = 0;
    let length = 4;
    let j = i + 4;
    while (j < n && length < MAX_LENGTH) {
      const c = s.charCodeAt(j);
      if (c === 32 && j + 1 < n && isAlnum(s.charCodeAt(j + 1))) {
        j++;
        continue;
      }
      if (!isAlnum(c)) break;
      r = appendMod(r, c);
      length++;
      j++;
      const next = j < n ? s.charCodeAt(j) : 0;
      const mayEnd = !isAlnum(next);
      if (mayEnd && length >= MIN_LENGTH && (r * shift + tail) % 97 === 1) return true;
    }
  }
  return false;
}

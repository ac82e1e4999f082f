/**
 * E-mail addresses, internationalised ones included (RFC 6531 local parts, IDN domains):
 * `local@domain.tld`. Linear scan: at each `@`, look left over local-part characters (stopping
 * at the previous `@`, which no local part holds) and right over domain characters; the domain
 * needs a dot (`.` or an ideographic full stop, as IDNA maps them) and a top-level label of two
 * or more letters (any script), or a punycode one (`xn--…`).
 */

/** Beyond ASCII, a letter or mark of any script: anything but spaces, controls and the few punctuation marks that delimit text. */
function isWideWordChar(c: number): boolean {
  if (c < 0x80) return false;
  if (c <= 0xa0) return false; // C1 controls, no-break space
  if (c === 0xab || c === 0xbb || c === 0xa7 || c === 0xb6 || c === 0xb7) return false; // « » § ¶ ·
  if (c >= 0x2000 && c <= 0x206f) return false; // general punctuation: spaces, quotes, dashes, …
  if (c === 0x3000 || c === 0xfeff) return false; // ideographic space, BOM
  if (c >= 0x3001 && c <= 0x3003) return false; // 、。〃
  if (c >= 0xff01 && c <= 0xff0f) return false; // fullwidth ASCII punctuation
  if (c === 0xff61) return false; // ｡
  return true;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** RFC 5322 atext and `.`, or any letter beyond ASCII (RFC 6531). */
function isLocalChar(c: number): boolean {
  if (isAsciiAlnum(c)) return true;
  switch (c) {
    case 33: case 35: case 36: case 37: case 38: case 39: case 42: case 43: case 45: case 46: case 47:
    case 61: case 63: case 94: case 95: case 96: case 123: case 124: case 125: case 126:
      return true;
  }
  return isWideWordChar(c);
}

/** A label separator: `.` and the full stops IDNA maps to it (。 ． ｡). */
function isDot(c: number): boolean {
  return c === 46 || c === 0x3002 || c === 0xff0e || c === 0xff61;
}

function isDomainChar(c: number): boolean {
  return isAsciiAlnum(c) || c === 45 || isDot(c) || isWideWordChar(c);
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isWideWordChar(c);
}

/** A top-level label: two or more letters (any script), or punycode `xn--` and letters, digits, `-`. */
function isTld(s: string, start: number, end: number): boolean {
  if (end - start < 2) return false;
  let letters = true;
  for (let k = start; k < end && letters; k++) letters = isLetter(s.charCodeAt(k));
  if (letters) return true;
  if (end - start < 5 || s.slice(start, start + 4).toLowerCase() !== "xn--") return false;
  for (let k = start + 4; k < end; k++) {
    const c = s.charCodeAt(k);
    if (!isAsciiAlnum(c) && c !== 45) return false;
  }
  return true;
}

export function containsEmail(s: string): boolean {
  const n = s.length;
  for (let at = s.indexOf("@"); at !== -1; at = s.indexOf("@", at + 1)) {
    if (at === 0 || !isLocalChar(s.charCodeAt(at - 1))) continue;
    let end = at + 1;
    while (end < n && isDomainChar(s.charCodeAt(end))) end++;
    // trailing dots and dashes end a sentence, not a domain
    while (end > at + 1 && (isDot(s.charCodeAt(end - 1)) || s.charCodeAt(end - 1) === 45)) end--;
    // the last dot of the domain, looked for inside the domain only (linear overall)
    let lastDot = -1;
    for (let k = end - 1; k > at + 1; k--) {
      if (isDot(s.charCodeAt(k))) {
        lastDot = k;
        break;
      }
    }
    if (lastDot === -1) continue;
    if (isTld(s, lastDot + 1, end)) return true;
  }
  return false;
}

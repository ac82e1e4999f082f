/**
 * E-mail addresses: `local@domain.tld`. Linear scan: at each `@`, look left over local-part
 * characters (stopping at the previous `@`, which no local part holds) and right over domain
 * characters; the domain needs a dot and a top-level label of two or more letters.
 */
function isLocalChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ||
    c === 46 || c === 95 || c === 37 || c === 43 || c === 45 || c === 39
  );
}

function isDomainChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45;
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

export function containsEmail(s: string): boolean {
  const n = s.length;
  for (let at = s.indexOf("@"); at !== -1; at = s.indexOf("@", at + 1)) {
    if (at === 0 || !isLocalChar(s.charCodeAt(at - 1))) continue;
    let end = at + 1;
    while (end < n && isDomainChar(s.charCodeAt(end))) end++;
    // trailing dots and dashes end a sentence, not a domain
    while (end > at + 1 && (s.charCodeAt(end - 1) === 46 || s.charCodeAt(end - 1) === 45)) end--;
    // the last dot of the domain, looked for inside the domain only (linear overall)
    let lastDot = -1;
    for (let k = end - 1; k > at + 1; k--) {
      if (s.charCodeAt(k) === 46) {
        lastDot = k;
        break;
      }
    }
    if (lastDot === -1) continue;
    if (end - (lastDot + 1) < 2) continue;
    let tldLetters = true;
    for (let k = lastDot + 1; k < end; k++) {
      if (!isLetter(s.charCodeAt(k))) {
        tldLetters = false;
        break;
      }
    }
    if (tldLetters) return true;
  }
  return false;
}

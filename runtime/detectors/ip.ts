/**
 * IP addresses. Tokens are maximal runs of the characters an address is made of
 * ([0-9.] for IPv4, [0-9A-Fa-f:.] for IPv6), found in one pass; each token is checked with
 * node:net's exact parsers. Linear: every character belongs to one token.
 */
import { isIPv4, isIPv6 } from "node:net";

function isV4Char(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46;
}
function isV6Char(c: number): boolean {
  return (c >= 48 && c <= 58) || c === 46 || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function anyToken(
  s: string,
  isTokenChar: (c: number) => boolean,
  maxLength: number,
  wordBounded: boolean,
  check: (t: string) => boolean,
): boolean {
  const n = s.length;
  let i = 0;
  while (i < n) {
    if (!isTokenChar(s.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && isTokenChar(s.charCodeAt(j))) j++;
    const bounded = !wordBounded || ((i === 0 || !isWordChar(s.charCodeAt(i - 1))) && (j === n || !isWordChar(s.charCodeAt(j))));
    let start = i;
    let end = j;
    // sentence punctuation around an address is not part of it
    while (start < end && s.charCodeAt(start) === 46) start++;
    while (end > start && s.charCodeAt(end - 1) === 46) end--;
    if (bounded && end - start <= maxLength && end - start >= 2 && check(s.slice(start, end))) return true;
    i = j;
  }
  return false;
}

export function containsIpv4(s: string): boolean {
  return anyToken(s, isV4Char, 15, false, isIPv4);
}

export function containsIpv6(s: string): boolean {
  // A word character right before or after (`Foo::bar`) makes it a name, not an address;
  // an address holds at least one hex digit (`::` alone is punctuation in prose).
  return anyToken(s, isV6Char, 45, true, (t) => /[0-9A-Fa-f]/.test(t) && isIPv6(t));
}

/**
 * IP addresses. Tokens are maximal runs of the characters an address is made of
 * ([0-9.] for IPv4, [0-9A-Fa-f:.] for IPv6), found in one pass; candidates inside a token are
 * checked with node:net's exact parsers. Linear: every character belongs to one token, and
 * each token holds a bounded number of candidates per character.
 */
import { isIPv4, isIPv6 } from "node:net";

const MAX_IPV4 = 15;
const MAX_IPV6 = 45;
/** An IPv6 address has at most 8 colons (`1:2:3:4:5:6:7::`). */
const MAX_COLONS = 8;

function isV4Char(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46;
}
function isV6Char(c: number): boolean {
  return (c >= 48 && c <= 58) || c === 46 || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** The end of the maximal run of `isTokenChar` characters from `i`. */
function tokenEnd(s: string, i: number, isTokenChar: (c: number) => boolean): number {
  let j = i;
  while (j < s.length && isTokenChar(s.charCodeAt(j))) j++;
  return j;
}

export function containsIpv4(s: string): boolean {
  const n = s.length;
  let i = 0;
  while (i < n) {
    if (!isV4Char(s.charCodeAt(i))) {
      i++;
      continue;
    }
    const j = tokenEnd(s, i, isV4Char);
    let start = i;
    let end = j;
    // sentence punctuation around an address is not part of it
    while (start < end && s.charCodeAt(start) === 46) start++;
    while (end > start && s.charCodeAt(end - 1) === 46) end--;
    if (end - start >= 7 && end - start <= MAX_IPV4 && isIPv4(s.slice(start, end))) return true;
    i = j;
  }
  return false;
}

/**
 * An IPv6 address wherever it stands: a token is tried from its start and from after each of
 * its colons (`peer:2001:db8::1`), to its end and to before each colon (`[2001:db8::1]:443`,
 * `2001:db8::1:8080` is read as the longest address it can be). A candidate with words on both
 * sides (`Foo::bar`, `std::vector<int>` are names) counts only when it holds a decimal digit or
 * three or more groups (`host_2001:db8::1x`); it needs a hex digit (`::` alone is punctuation).
 */
export function containsIpv6(s: string): boolean {
  const n = s.length;
  let i = 0;
  while (i < n) {
    if (!isV6Char(s.charCodeAt(i))) {
      i++;
      continue;
    }
    const j = tokenEnd(s, i, isV6Char);
    if (j - i >= 2 && tokenHasIpv6(s, i, j)) return true;
    i = j;
  }
  return false;
}

/** Candidate starts: the token's start and after each colon; ends: the token's end and before each colon. */
function tokenHasIpv6(s: string, from: number, to: number): boolean {
  // the token's end, without the sentence's full stops
  let last = to;
  while (last > from && s.charCodeAt(last - 1) === 46) last--;
  for (let start = from; start < last; start++) {
    if (start !== from && s.charCodeAt(start - 1) !== 58) continue;
    let colons = 0;
    let doubles = 0;
    let hex = false;
    let digit = false;
    let groups = 0;
    let groupLength = 0;
    let end = start;
    for (; end < last && end - start < MAX_IPV6; end++) {
      const c = s.charCodeAt(end);
      if (c === 58) {
        if (end > start && s.charCodeAt(end - 1) === 58 && ++doubles > 1) break; // a second `::`
        if (isCandidate(s, start, end, from, to, hex, digit, groups)) return true;
        if (++colons > MAX_COLONS) break;
        groupLength = 0;
      } else if (c === 46) {
        groupLength = 0; // an IPv4 tail's parts
      } else {
        if (groupLength === 0) groups++;
        if (++groupLength > 4) break; // no group holds more than 4 hex digits: no longer address either
        hex = true;
        if (c <= 57) digit = true;
      }
    }
    if (end === last && isCandidate(s, start, end, from, to, hex, digit, groups)) return true;
  }
  return false;
}

function isCandidate(s: string, start: number, end: number, from: number, to: number, hex: boolean, digit: boolean, groups: number): boolean {
  if (!hex || end - start < 2) return false;
  if (groups < 3 && !digit) {
    const before = start === from ? (start > 0 ? s.charCodeAt(start - 1) : 32) : 58;
    const after = end >= to ? (end < s.length ? s.charCodeAt(end) : 32) : s.charCodeAt(end);
    if (isWordChar(before) && isWordChar(after)) return false;
  }
  return isIPv6(s.slice(start, end));
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { containsEmail } from "../../runtime/detectors/email.js";
import { containsIban } from "../../runtime/detectors/iban.js";
import { containsIpv4, containsIpv6 } from "../../runtime/detectors/ip.js";
import { containsPan } from "../../runtime/detectors/pan.js";
import { compileDetector, PATTERN_SCAN_LIMIT } from "../../runtime/detectors/index.js";
import { luhnDigit } from "../helpers/luhn.js";

const words = fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { maxLength: 4 }).map((w) => w.join(" "));
const panArb = fc
  .tuple(fc.integer({ min: 12, max: 18 }), fc.infiniteStream(fc.integer({ min: 0, max: 9 })))
  .map(([n, digits]) => {
    const body = [...digits.take(n)].join("");
    return body + String(luhnDigit(body));
  });

function group(pan: string, sep: string): string {
  return pan.replace(/(\d{4})(?=\d)/g, `$1${sep}`);
}

describe("pan", () => {
  it("finds every Luhn-valid 13–19 digit number, plain or grouped, inside text", () => {
    fc.assert(
      fc.property(words, panArb, fc.constantFrom("", " ", "-"), words, (before, pan, sep, after) => {
        expect(containsPan(`${before} ${group(pan, sep)} ${after}`)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("rejects a number whose Luhn check fails", () => {
    fc.assert(
      fc.property(words, panArb, words, (before, pan, after) => {
        const last = Number(pan[pan.length - 1]);
        const broken = pan.slice(0, -1) + String((last + 1) % 10);
        expect(containsPan(`${before} ${broken} ${after}`)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("ignores short numbers, long ids and text without digits", () => {
    expect(containsPan("order 123456789012 shipped")).toBe(false);
    expect(containsPan("trace 41111111111111110000000000")).toBe(false);
    expect(containsPan("no digits here")).toBe(false);
    expect(containsPan("4111 1111 1111 1111")).toBe(true);
    expect(containsPan("card:4111-1111-1111-1111.")).toBe(true);
    expect(containsPan("4111 1111 1111 1111 123")).toBe(true); // a trailing group does not hide it
  });
});

describe("email", () => {
  it("finds addresses inside text", () => {
    fc.assert(
      fc.property(
        words,
        fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,10}$/),
        fc.stringMatching(/^[a-z0-9]{1,10}$/),
        fc.stringMatching(/^[a-z]{2,6}$/),
        words,
        (before, local, domain, tld, after) => {
          expect(containsEmail(`${before} ${local}@${domain}.${tld}, ${after}`)).toBe(true);
        },
      ),
    );
  });

  it("needs a local part, a dotted domain and a letter TLD", () => {
    for (const s of ["@example.com", "bob@", "bob@localhost", "bob@host.c", "a @ b.com", "v1.2@3.45", "just text"]) {
      expect(containsEmail(s), s).toBe(false);
    }
    for (const s of ["bob@example.org", "Mail: A.B+c@sub.example.co.uk.", "x@y.io"]) expect(containsEmail(s), s).toBe(true);
  });
});

describe("iban", () => {
  it("accepts valid IBANs, grouped or not, and rejects a wrong check", () => {
    for (const s of ["DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "pay to FR1420041010050500013M02606 now"]) {
      expect(containsIban(s), s).toBe(true);
    }
    for (const s of ["DE88 3704 0044 0532 0130 00", "GB82WEST12345698765433", "AB12 short"]) expect(containsIban(s), s).toBe(false);
  });
});

describe("ip", () => {
  it("finds IPv4 and IPv6 addresses and leaves look-alikes", () => {
    expect(containsIpv4("from 10.0.0.1.")).toBe(true);
    expect(containsIpv4("version 1.2.3")).toBe(false);
    expect(containsIpv4("300.1.1.1")).toBe(false);
    expect(containsIpv6("client 2001:db8::8a2e:370:7334 said")).toBe(true);
    expect(containsIpv6("[::1]:8080")).toBe(true);
    expect(containsIpv6("at 12:30:45")).toBe(false);
    expect(containsIpv6("Foo::bar")).toBe(false);
  });
});

describe("patterns and linear time", () => {
  it("compiles user patterns once", () => {
    const d = compileDetector({ pattern: "EMP-[0-9]{6}" });
    expect(d.scan("id EMP-123456")).toBe(true);
    expect(d.scan("id EMP-12")).toBe(false);
  });

  it("runs a user pattern on values up to PATTERN_SCAN_LIMIT characters; a longer one counts as a match (fail closed)", () => {
    const d = compileDetector({ pattern: "EMP-[0-9]{6}" });
    const clean = "x".repeat(PATTERN_SCAN_LIMIT - " EMP-123456".length);
    expect(`${clean} EMP-123456`).toHaveLength(PATTERN_SCAN_LIMIT);
    expect(d.scan(`${clean} EMP-123456`)).toBe(true); // at the limit: scanned
    expect(d.scan(`${clean}x EMP-12345`)).toBe(false);
    expect(d.scan(`${clean}xx EMP-12345`)).toBe(true); // one longer: not scanned, taken as a match
    expect(d.scan("x".repeat(1_000_000))).toBe(true);
  });

  it("scans adversarial megabyte inputs in linear time", () => {
    const inputs = ["1 ".repeat(500_000), "a@".repeat(500_000), "@a.".repeat(330_000), "DE00".repeat(250_000), "1.".repeat(500_000), ":a".repeat(500_000), "9".repeat(1_000_000)];
    for (const s of inputs) {
      const start = performance.now();
      containsPan(s);
      containsEmail(s);
      containsIban(s);
      containsIpv4(s);
      containsIpv6(s);
      expect(performance.now() - start, s.slice(0, 8)).toBeLessThan(1_000);
    }
  });
});

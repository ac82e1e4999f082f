import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DetectionCache } from "../../runtime/detection-cache.js";
import { containsEmail } from "../../runtime/detectors/email.js";
import { containsIban } from "../../runtime/detectors/iban.js";
import { compileDetector, type BuiltinDetector, type DetectorKind } from "../../runtime/detectors/index.js";
import { containsIpv4, containsIpv6 } from "../../runtime/detectors/ip.js";
import { containsPan } from "../../runtime/detectors/pan.js";
import { builtinFacts, factsFor, MAY_EMAIL, MAY_IBAN, MAY_IPV4, MAY_IPV6, MAY_PAN, panEmailFacts, panEmailIpv6Facts } from "../../runtime/detectors/prefilter.js";
import { CARD_NETWORKS, cardNumber } from "../helpers/card-networks.js";

const SCANNERS: readonly [string, number, (s: string) => boolean][] = [
  ["pan", MAY_PAN, containsPan],
  ["email", MAY_EMAIL, containsEmail],
  ["iban", MAY_IBAN, containsIban],
  ["ipv4", MAY_IPV4, containsIpv4],
  ["ipv6", MAY_IPV6, containsIpv6],
];

const card = fc
  .tuple(fc.constantFrom(...CARD_NETWORKS), fc.nat(), fc.nat(), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 19, maxLength: 19 }))
  .map(([network, p, l, body]) => cardNumber(network, p, l, body))
  .chain((pan) => fc.constantFrom("", " ", "\u00a0", "\u202f", "\u2007", "-", ".").map((sep) => pan.replace(/(\d{4})(?=\d)/g, `$1${sep}`)));
const IBANS = ["DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "FR1420041010050500013M02606", "gb82west12345698765432"];
/** Text dense in what the detectors look at: digits, separators, `@`, `:`, `.`, hex and other letters, wide characters. */
const noise = fc
  .array(fc.constantFrom(..."0123456789012345 -.\u00a0:@abcdefXYZ_+/".split(""), "ä", "。", "DE", "GB82", "cus_", "::", "@x.io"), { maxLength: 40 })
  .map((a) => a.join(""));
const planted = fc.oneof(
  card,
  fc.emailAddress(),
  fc.constantFrom(...IBANS),
  fc.ipV4(),
  fc.ipV6(),
  fc.uuid(),
  fc.integer({ min: 1_000_000_000_000, max: 2_000_000_000_000 }).map(String),
);
const text = fc.tuple(noise, fc.option(planted), noise).map(([a, p, b]) => `${a}${p ?? ""}${b}`);
/** Strings on both sides of a card number's shortest length, `@` and `:` anywhere (the passes search short strings, loop over long ones). */
const short = fc.array(fc.constantFrom(..."ab1 -.:@\u00a0ä".split("")), { maxLength: 13 }).map((a) => a.join(""));

describe("builtinFacts: one pass that may say yes too often, never too rarely", () => {
  it("has a detector's fact wherever its scanner finds something (cards, e-mails, IBANs, addresses planted in dense noise)", () => {
    let found = 0;
    fc.assert(
      fc.property(text, (s) => {
        const facts = builtinFacts(s);
        for (const [name, fact, scan] of SCANNERS) {
          if (!scan(s)) continue;
          found++;
          expect(facts & fact, `${name} in ${JSON.stringify(s)}`).toBe(fact);
        }
      }),
      { numRuns: 30_000 },
    );
    expect(found).toBeGreaterThan(10_000); // the planted values are found, so the property was exercised
  });

  it("rules out what most values are: ids, routes, uuids, zero-padded numbers, enums", () => {
    for (const s of ["cus_04000000000001", "/api/orders", "3f2a9c1e-8b7d-4e6f-a5c4-1b2d3e4f5a6b", "ord_lfls", "sku-42", "POST", "000012345678901234", "7123456789012345"]) {
      expect(builtinFacts(s) & MAY_PAN, s).toBe(0);
    }
    expect(builtinFacts("4111 1111 1111 1111") & MAY_PAN).toBe(MAY_PAN);
    expect(builtinFacts("id 0, 4111111111111111") & MAY_PAN).toBe(MAY_PAN);
    expect(builtinFacts("customer1@mail.example") & MAY_EMAIL).toBe(MAY_EMAIL);
    expect(builtinFacts("x GB82WEST12345698765432") & MAY_IBAN).toBe(MAY_IBAN);
    expect(builtinFacts("xGB82WEST12345698765432") & MAY_IBAN).toBe(0);
  });
});

describe("panEmailIpv6Facts: the lean pass of sets without iban and ipv4", () => {
  const LEAN = MAY_PAN | MAY_EMAIL | MAY_IPV6;

  it("says what builtinFacts says of pan, email and ipv6, on dense noise with planted values", () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(panEmailIpv6Facts(s), JSON.stringify(s)).toBe(builtinFacts(s) & LEAN);
      }),
      { numRuns: 30_000 },
    );
  });

  it("says it of short strings too, searched or looped over (every length up to a card number's, `@` and `:` anywhere)", () => {
    fc.assert(
      fc.property(short, (s) => {
        expect(panEmailIpv6Facts(s), JSON.stringify(s)).toBe(builtinFacts(s) & LEAN);
      }),
      { numRuns: 20_000 },
    );
  });

  it("is the pass of sets whose built-ins are among pan, email and ipv6 only", () => {
    expect(factsFor(MAY_PAN | MAY_EMAIL)).toBe(panEmailFacts);
    expect(factsFor(MAY_EMAIL)).toBe(panEmailFacts);
    expect(factsFor(MAY_PAN | MAY_EMAIL | MAY_IPV6)).toBe(panEmailIpv6Facts);
    expect(factsFor(MAY_IPV6)).toBe(panEmailIpv6Facts);
    expect(factsFor(MAY_PAN | MAY_IBAN)).toBe(builtinFacts);
    expect(factsFor(MAY_IPV4)).toBe(builtinFacts);
  });
});

describe("panEmailFacts: the pass of sets whose built-ins are pan and email only (the shop's)", () => {
  it("says what builtinFacts says of pan and email, on dense noise with planted values and on short strings", () => {
    fc.assert(
      fc.property(fc.oneof(text, short), (s) => {
        expect(panEmailFacts(s), JSON.stringify(s)).toBe(builtinFacts(s) & (MAY_PAN | MAY_EMAIL));
      }),
      { numRuns: 30_000 },
    );
  });
});

describe.each([
  ["every built-in", ["pan", "email", "iban", "ipv4", "ipv6", { pattern: "cus_[A-Za-z0-9]{4}" }]],
  ["the lean pass's built-ins", ["pan", "email", { pattern: "cus_[A-Za-z0-9]{4}" }, "ipv6"]],
] as [string, DetectorKind[]][])("DetectorSet (%s): each sink's bits as the detectors say, whatever the other sinks asked before (oracle: each detector's scan)", (_name, kinds) => {
  const compiled = kinds.map((k) => compileDetector(k));
  const exact = (s: string): number => compiled.reduce((m, d, i) => (d.scan(s) ? m | (1 << i) : m), 0);

  it("answers every `need` exactly, for strings asked about by one sink after another, recurring or new", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(text, fc.constantFrom("cus_ab12", "a", "")), fc.array(fc.integer({ min: 1, max: 63 }), { minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 60 }),
        (asks) => {
          const set = new DetectionCache(kinds).setFor(kinds);
          for (const [s, needs] of asks) {
            for (const need of needs) expect(set.verdict(s, need) & need, `${JSON.stringify(s)} need ${need}`).toBe(exact(s) & need);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("stays exact while its memo samples (a long run of new strings), for values too long to memoise, and once values recur", () => {
    const set = new DetectionCache(kinds).setFor(kinds);
    const values = fc.sample(text, { numRuns: 12_000, seed: 14 });
    for (let i = 0; i < values.length; i++) {
      // unique, then recurring; every tenth one longer than the memo keeps
      const base = i < 8_000 ? values[i]! : values[i % 50]!;
      const s = i % 10 === 0 ? `${base} ${"x".repeat(300)} ${base}` : base;
      // one sink after another asks about it, each with its own detectors
      for (const need of [1 + (i % 63), 1 + ((i * 7) % 63), 63]) expect(set.verdict(s, need) & need, `${i} ${need}`).toBe(exact(s) & need);
    }
  });

  it("answers `once` (the all-sinks pass's one question per string) exactly too, its memo shared with `verdict`'s, new and recurring", () => {
    const set = new DetectionCache(kinds).setFor(kinds);
    const values = fc.sample(fc.oneof(text, fc.constantFrom("cus_ab12", "a", "")), { numRuns: 12_000, seed: 15 });
    for (let i = 0; i < values.length; i++) {
      const base = i < 8_000 ? values[i]! : values[i % 50]!;
      const s = i % 10 === 0 ? `${base} ${"x".repeat(300)} ${base}` : base;
      const need = 1 + ((i * 5) % 63);
      expect(set.once(s, need) & need, `${JSON.stringify(s)} need ${need}`).toBe(exact(s) & need);
      // a sink's own path asking about it afterwards (and about another string) is not misled
      if (i % 3 === 0) expect(set.verdict(s, 63) & 63, `${JSON.stringify(s)} after once`).toBe(exact(s) & 63);
    }
  });
});

describe("a built-in's shortest match: no string shorter than it holds what the detector finds (a detector set skips those by length alone)", () => {
  // the shortest each finds something in, by hand: an address, a 12-digit Maestro number, a Norwegian IBAN, an IPv4, an IPv6
  const SHORTEST_FOUND: readonly [BuiltinDetector, string][] = [
    ["email", "a@b.cd"],
    ["pan", "501800000009"],
    ["iban", "NO9386011117947"],
    ["ipv4", "1.2.3.4"],
    ["ipv6", "::1"],
  ];

  it.each(SHORTEST_FOUND)("%s: found in %j, and its shortest is no more than that", (kind, s) => {
    const d = compileDetector(kind);
    expect(d.scan(s)).toBe(true);
    expect(d.shortest).toBeLessThanOrEqual(s.length);
    expect(d.shortest).toBeGreaterThan(1);
  });

  it("finds nothing in strings shorter than its shortest (dense noise and planted values, cut short)", () => {
    const detectors = SHORTEST_FOUND.map(([kind]) => compileDetector(kind));
    let checked = 0;
    fc.assert(
      fc.property(text, fc.nat(), (s, at) => {
        for (const d of detectors) {
          if (s.length < d.shortest) continue;
          // every cut of `s` shorter than the detector's shortest, starting anywhere
          const start = at % (s.length - d.shortest + 1);
          for (let n = 0; n < d.shortest; n++) {
            const cut = s.slice(start, start + n);
            checked++;
            expect(d.scan(cut), `${d.label} in ${JSON.stringify(cut)}`).toBe(false);
          }
        }
      }),
      { numRuns: 5_000 },
    );
    expect(checked).toBeGreaterThan(10_000);
  });
});

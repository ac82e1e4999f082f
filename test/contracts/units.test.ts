import fc from "fast-check";
import { Document, parseAllDocuments, isMap, isScalar, isSeq, type Node } from "yaml";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { damerauLevenshtein, closest } from "../../contracts/did-you-mean.js";
import { parseDuration } from "../../contracts/duration.js";
import { loadContractSet } from "../../contracts/load.js";
import { locate } from "../../contracts/locate.js";
import { checkPattern } from "../../contracts/safe-pattern.js";
import { jsonPointer } from "../../contracts/subject.js";
import { BudgetExceeded, countedTest } from "../helpers/backtracking.js";
import { VALID, tempDir, variant } from "./helpers.js";

describe("durations (SPEC §1.4)", () => {
  test.each([
    ["0s", 0], ["90s", 90], ["15m", 900], ["4h", 14_400], ["1d", 86_400], ["1h30m", 5_400],
    ["PT15M", 900], ["P1D", 86_400], ["PT1H30M", 5_400], ["P1DT1S", 86_401], ["P2W", 1_209_600],
  ])("%s = %d s", (text, seconds) => expect(parseDuration(text)).toEqual({ ok: true, seconds }));
  test.each(["", "15", "1m1h", "15 m", "P1M", "P1Y", "PT", "P", "1.5h", "-1s", "1w"])("%j is refused", (text) => expect(parseDuration(text).ok).toBe(false));
  test("numbers are refused with a unit hint", () => expect(parseDuration(0)).toEqual({ ok: false, message: "0 is a number without a unit", hint: "write `0s`" }));
  test("short form round-trips any d/h/m/s combination", () => {
    fc.assert(
      fc.property(fc.nat(400), fc.nat(23), fc.nat(59), fc.nat(59), (d, h, m, s) => {
        const text = `${d ? `${d}d` : ""}${h ? `${h}h` : ""}${m ? `${m}m` : ""}${s || (!d && !h && !m) ? `${s}s` : ""}`;
        expect(parseDuration(text)).toEqual({ ok: true, seconds: d * 86_400 + h * 3_600 + m * 60 + s });
        expect(parseDuration(`P${d ? `${d}D` : ""}T${h}H${m}M${s}S`)).toEqual({ ok: true, seconds: d * 86_400 + h * 3_600 + m * 60 + s });
      }),
    );
  });
});

/** Well-formed patterns over `a`, `b`, groups, `|` and quantifiers: nested repetition is common. */
const PATTERNS = fc.letrec<{ atom: string; quantified: string; sequence: string; alternation: string }>((tie) => ({
  atom: fc.oneof({ depthSize: "small" }, fc.constantFrom("a", "b"), tie("alternation").map((inner) => `(${inner})`)),
  quantified: fc.tuple(tie("atom"), fc.constantFrom("", "*", "+", "?", "*?", "+?")).map(([atom, quantifier]) => atom + quantifier),
  sequence: fc.array(tie("quantified"), { minLength: 1, maxLength: 3 }).map((items) => items.join("")),
  alternation: fc.array(tie("sequence"), { minLength: 1, maxLength: 2 }).map((items) => items.join("|")),
})).alternation;

describe("safe patterns", () => {
  test.each(["(a+)+$", "^(\\w+\\s?)*$", "(a|a)*", "(a|ab)*c", "(\\d|1)+", "((ab)*)+", "(x*){2,}", "(.*a){2,10}", "(a|)*", "(\\w)\\1", "(?<x>a)\\k<x>", "([a-z]+)*$"])("%s is unsafe", (p) =>
    expect(checkPattern(p).safe).toBe(false),
  );
  test.each(["^tok_[a-z0-9]{24}$", "\\b\\d{3}-\\d{2}-\\d{4}\\b", "(foo|bar)+", "(ab)+", "[a-z]+@[a-z]+\\.com", "^(?:\\+|00)\\d{6,14}$", "(a|b|c)*d"])("%s is safe", (p) =>
    expect(checkPattern(p)).toEqual({ safe: true }),
  );
  test.each(["\\d+\\d+", "\\w+\\s*\\w+", ".*x.*", "a+a*", "[a-z]+[a-f0-9]+", "\\d+1\\d+", "x(\\d+|y)\\d{2,}", "\\d+(y|\\d+)", "(ab)+\\w+"])(
    "%s is unsafe: two repetitions in a row over the same characters",
    (p) => expect(checkPattern(p)).toMatchObject({ safe: false, reason: expect.stringContaining("two repetitions in a row") }),
  );
  test.each(["\\d+-\\d+", "[a-z]+[0-9]+", "\\w+\\.\\w+", "x+y?z+|x+", "^\\d+$", "a+b(a+)", "(\\d+-)x\\d+", "a+(b|a)c"])("%s is safe: a separator or disjoint characters between the repetitions", (p) =>
    expect(checkPattern(p)).toEqual({ safe: true }),
  );
  test("an invalid regex is refused", () => expect(checkPattern("([a-z")).toMatchObject({ safe: false, reason: expect.stringContaining("not a valid regular expression") }));
  test("an accepted pattern never takes long on adversarial input (oracle: a backtracking matcher that counts its steps)", () => {
    // 28 characters then a mismatch: exponential backtracking needs ~2^28 steps, a linear or
    // quadratic search a few thousand. The matcher agrees with V8 on every answer it gives.
    const BUDGET = 200_000;
    fc.assert(
      // A required ending (`b`, `$`) makes every attempt fail after the run of `a`s: where
      // backtracking can blow up, it does.
      fc.property(PATTERNS, fc.constantFrom("", "b", "$"), (body, ending) => {
        const pattern = body + ending;
        let re: RegExp;
        try {
          re = new RegExp(pattern, "u");
        } catch {
          return;
        }
        if (!checkPattern(pattern).safe) return;
        for (const c of ["a", "b", "ab"]) {
          const input = c.repeat(28 / c.length) + "!";
          const { matched } = countedTest(pattern, input, BUDGET);
          expect(matched, `${pattern} on ${input}`).toBe(re.test(input));
        }
      }),
      { numRuns: 1_000 },
    );
  });
  test("the step counter sees catastrophic backtracking (the oracle can fail)", () => {
    expect(() => countedTest("(a+)+b", "a".repeat(28) + "!", 200_000)).toThrow(BudgetExceeded);
    expect(() => countedTest("(a|aa)*b", "a".repeat(28) + "!", 200_000)).toThrow(BudgetExceeded);
    expect(countedTest("a+b", "a".repeat(28) + "!", 200_000).steps).toBeLessThan(5_000);
  });
});

describe("did you mean", () => {
  test("Damerau–Levenshtein distance is a metric on transpositions too", () => {
    expect(damerauLevenshtein("tier-0", "tier-0")).toBe(0);
    expect(damerauLevenshtein("ab", "ba")).toBe(1);
    expect(damerauLevenshtein("kitten", "sitting")).toBe(3);
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(damerauLevenshtein(a, b)).toBe(damerauLevenshtein(b, a));
        expect(damerauLevenshtein(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });
  test("suggests near names and token prefixes, nothing for far ones", () => {
    expect(closest("rto_traget", ["name", "rto", "rpo", "min_regions", "drill_every"])).toBe("rto");
    expect(closest("personel", ["public", "personal"])).toBe("personal");
    expect(closest("zzz", ["public", "personal"])).toBeUndefined();
  });
});

describe("locate", () => {
  test("scalars at the value, collections at their key, missing paths undefined (set) or deepest (locate)", async () => {
    const { set } = await loadContractSet(VALID);
    const file = join(VALID, "services/checkout.yaml");
    expect(set!.locate({ file, doc: 0, path: ["tier"] })).toMatchObject({ line: 5, column: 7 });
    expect(set!.locate({ file, doc: 0, path: ["deployment", "replication"] })).toMatchObject({ line: 11, column: 3 });
    expect(set!.locate({ file, doc: 0, path: ["stores", 0] })).toMatchObject({ line: 15, column: 5 });
    expect(set!.locate({ file, doc: 0, path: ["deployment", "nope"] })).toBeUndefined();
    expect(locate(set!, { file, doc: 0, path: ["deployment", "nope"] })).toMatchObject({ line: 8, column: 1 });
    expect(locate(set!, { file: join(VALID, "services/payments.yaml"), doc: 1, path: ["expires"] })).toMatchObject({ line: 13, column: 10 });
  });
  test("every model element's ref locates exactly", async () => {
    const { set } = await loadContractSet(VALID);
    const refs = [
      ...[...set!.classes.values()].map((c) => c.ref),
      ...[...set!.services.values()].flatMap((s) => [s.ref, ...s.stores.map((x) => x.ref), ...s.dependencies.map((d) => d.ref), ...s.telemetry.spans.flatMap((sp) => [sp.ref, ...sp.attributes.map((a) => a.ref)])]),
      ...set!.tiers.map((t) => t.ref),
      ...set!.residency.rules.map((r) => r.ref),
    ];
    for (const ref of refs) expect(set!.locate(ref), JSON.stringify(ref)).toBeDefined();
  });
});

describe("prototype pollution", () => {
  test("__proto__, constructor and prototype as keys and names pollute nothing", async () => {
    const temp = variant({
      "services/payments.yaml": [["name: payments\n", "name: payments\nowner: constructor\n"]],
      "classes.yaml": [["  - name: public\n", "  - name: constructor\n    level: 0\n  - name: prototype\n    level: 0\n  - name: public\n"]],
      "residency.yaml": [["  us-east-1:    { jurisdiction: US }\n", "  us-east-1:    { jurisdiction: US }\n  constructor:  { jurisdiction: prototype }\n"]],
      "fields.yml": [["fields:\n", "fields:\n  constructor: { class: constructor, type: string }\n  prototype: { class: prototype, type: string }\n"]],
    });
    try {
      const ok = await loadContractSet(temp.dir);
      expect(ok.findings).toEqual([]);
      expect(ok.set!.classes.get("constructor")?.level).toBe(0);
      expect(ok.set!.regions.get("constructor")?.jurisdiction).toBe("prototype");
      writeFileSync(join(temp.dir, "evil.yaml"), 'apiVersion: cordon/v1\nkind: FieldSet\nname: evil\n__proto__: { polluted: true }\nfields:\n  __proto__: { class: public, type: string }\n  constructor: { prototype: { polluted: true } }\n');
      const bad = await loadContractSet(temp.dir);
      expect(bad.set).toBeUndefined();
      expect(bad.findings.map((f) => f.subject).sort()).toEqual([
        "evil.yaml#/__proto__", // unknown property
        "evil.yaml#/fields/__proto__", // not a valid attribute key
        "evil.yaml#/fields/constructor", // missing class (a missing type means string)
        "evil.yaml#/fields/constructor/prototype", // unknown property
      ]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain("polluted");
      expect(Object.prototype.constructor).toBe(Object);
    } finally {
      temp.cleanup();
    }
  });
});

/** Every node of every document of the valid set, replaced by a value of the wrong type. */
describe("wrong types in every field", () => {
  const files = ["classes.yaml", "residency.yaml", "tiers.yaml", "sinks.yaml", "fields.yml", "services/checkout.yaml", "services/payments.yaml"];
  const cases: { file: string; doc: number; path: (string | number)[] }[] = [];
  for (const file of files) {
    const docs = parseAllDocuments(readFileSync(join(VALID, file), "utf8")) as Document.Parsed[];
    docs.forEach((doc, index) => {
      const walk = (node: unknown, path: (string | number)[]) => {
        if (path.length > 0 && !(path.length === 1 && (path[0] === "apiVersion" || path[0] === "kind"))) cases.push({ file, doc: index, path });
        if (isMap(node)) for (const pair of node.items) walk(pair.value, [...path, String((pair.key as { value: unknown }).value)]);
        else if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i]));
      };
      walk(doc.contents, []);
    });
  }
  test(`${cases.length} fields, each refused at its own path`, async () => {
    expect(cases.length).toBeGreaterThan(150);
    const temp = tempDir();
    try {
      for (const { file, doc, path } of cases) {
        const copy = variant({});
        const target = join(copy.dir, file);
        const docs = parseAllDocuments(readFileSync(target, "utf8")) as Document.Parsed[];
        const node = docs[doc]!.getIn(path, true) as Node;
        // a scalar where the schema wants something else, or a list of lists where it wants a scalar
        const wrong = isScalar(node) ? [[true]] : true;
        docs[doc]!.setIn(path, wrong);
        writeFileSync(target, docs.map((d) => d.toString().replace(/^---\n/, "")).join("---\n"));
        const result = await loadContractSet(copy.dir);
        copy.cleanup();
        const subject = `${file}${doc > 0 ? `[${doc}]` : ""}#${jsonPointer(path)}`;
        expect(result.set, subject).toBeUndefined();
        expect(result.findings.map((f) => `${f.rule} ${f.subject}`), subject).toContain(`contract/schema ${subject}`);
      }
    } finally {
      temp.cleanup();
    }
  });
});

/**
 * The fast path (js-yaml) and the careful path (yaml) must read every plain contract file
 * to the same data; whatever the fast path declines goes the careful way.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { fastParse } from "../../contracts/fast-yaml.js";
import { DEFAULT_LIMITS } from "../../contracts/limits.js";
import { parseYamlCarefully } from "../../contracts/yaml.js";

const careful = (text: string) =>
  parseYamlCarefully("x.yaml", text, new TextEncoder().encode(text), DEFAULT_LIMITS).file?.documents.map((d) => d.data);

const keyArb = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "user.email", "a", "rto_traget", "1", "true", "null"),
  fc.string({ minLength: 1, maxLength: 8 }),
);
const scalarArb = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  // -0 reads as 0 in js-yaml and -0 in yaml: no contract value can tell them apart.
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom("2026-10-02", "15m", "*", "yes", "0x1F", "~", "hmac-sha256:ab", "a: b", "- x", "#not a comment"),
);
const { value: valueArb } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, scalarArb, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(keyArb, tie("value"), { maxKeys: 5 }),
}));

describe("fast YAML path", () => {
  it("reads what the careful path reads, or declines", () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(keyArb, valueArb, { minKeys: 1, maxKeys: 6 }), { minLength: 1, maxLength: 3 }), (docs) => {
        const text = docs.map((d) => stringify(d)).join("---\n");
        const fast = fastParse(text, DEFAULT_LIMITS);
        if (fast === undefined) return;
        expect(fast).toEqual(careful(text));
        for (const doc of fast) expect(Object.getPrototypeOf(doc)).toBe(null);
      }),
      { numRuns: 2000 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("declines anchors, aliases, tags, duplicate keys, empty documents, tabs in indentation and deep nesting", () => {
    for (const text of [
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "a: 1\na: 2\n",
      "# only a comment\n",
      "a: 1\n---\n---\nb: 2\n",
      "a: 0b101\n",
      `a: ${"[".repeat(100)}${"]".repeat(100)}\n`,
      "? [a, b]\n: 1\n",
      "a:\n  <<: {b: 1}\n",
      // a tab as indentation: js-yaml reads "(" where the careful path reports TAB_AS_INDENT
      "\t(\n",
      "a:\n\t- x\n",
      // a quoted scalar or flow collection over several lines: js-yaml ignores the later lines'
      // indentation, which the careful path checks
      'fields:\n  user.email: { class: personal, brief: "\n>Primary e-mail" }\n',
      "a: 'x\ny'\n",
      "a: [x,\ny]\n",
      "a:\n  - {b: 1,\n c: 2}\n",
    ]) {
      expect(fastParse(text, DEFAULT_LIMITS), text).toBeUndefined();
    }
  });

  it("still reads quotes and brackets that stay on their line, in comments and inside plain scalars", () => {
    for (const text of [
      'a: "it\'s"\nb: \'say ""\'\nc: [x, "y"]\n',
      "# a \"quote\n# [bracket\na: don't [x\nb: {c: 'd'}\n",
      'a: "x\\"y"\n',
    ]) {
      expect(fastParse(text, DEFAULT_LIMITS), text).toEqual(careful(text));
      expect(fastParse(text, DEFAULT_LIMITS), text).toBeDefined();
    }
  });

  it("reads a plain contract", () => {
    const text = "apiVersion: cordon/v1\nkind: Sink\nname: eu\nregion: eu-west-1\nendpoint: https://x.example:4318\nsignals: [traces]\n";
    expect(fastParse(text, DEFAULT_LIMITS)).toEqual(careful(text));
  });
});

/**
 * SPEC §1, issue 12: every independent problem in one run. A document that cannot be
 * parsed or validated suppresses only the references it could have declared, never the
 * findings of other documents; YAML syntax errors point at the bracket or quote that was
 * left open, with columns inside their line.
 */
import { writeFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadContractSet } from "../../contracts/load.js";
import { variant } from "./helpers.js";

async function loadWith(files: Record<string, string>) {
  const temp = variant({});
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(temp.dir, name, ".."), { recursive: true });
      writeFileSync(join(temp.dir, name), text);
    }
    const result = await loadContractSet(temp.dir);
    const texts = new Map(Object.keys(files).map((name) => [join(temp.dir, name), readFileSync(join(temp.dir, name), "utf8")]));
    return { result, dir: temp.dir, texts };
  } finally {
    temp.cleanup();
  }
}

const FIVE = {
  "extra/dup.yaml": "apiVersion: cordon/v1\nkind: Sink\nname: dup-sink\nregion: eu-west-1\nendpoint: https://dup.example\nsignals: [traces]\nregion: eu-west-1\n",
  "extra/schema.yaml": "apiVersion: cordon/v1\nkind: Service\nname: shapeless\nownr: team-x\ntier: tier-1\nregion: eu-west-1\n",
  "extra/ref.yaml": "apiVersion: cordon/v1\nkind: FieldSet\nname: extra-fields\nfields:\n  extra.flag: { class: publik, type: string }\n",
  "extra/duration.yaml": "apiVersion: cordon/v1\nkind: Tiers\ntiers:\n  - name: tier-9\n    rto: 15 minutes\n    rpo: 0s\n",
  "extra/pattern.yaml": "apiVersion: cordon/v1\nkind: DataClasses\nclasses:\n  - name: secret_x\n    level: 4\n    detectors: [{ pattern: \"(a+)+$\" }]\n",
};

describe("every error in one run", () => {
  test("a duplicate key, a schema error, an unknown reference, a bad duration and an unsafe pattern: all five, each at its line", async () => {
    const { result } = await loadWith(FIVE);
    const found = result.findings.map((f) => `${f.rule} ${f.location?.file.replace(/^.*\/extra\//, "")}:${f.location?.line}`).sort();
    expect(found).toEqual([
      "contract/duplicate-key dup.yaml:7",
      "contract/duration duration.yaml:5",
      "contract/schema schema.yaml:4",
      "contract/unknown-reference ref.yaml:5",
      "contract/unsafe-pattern pattern.yaml:6",
    ]);
    expect(result.findings.find((f) => f.rule === "contract/unknown-reference")?.hint).toContain("public");
  });

  test("a document that does not parse suppresses only the references it could declare", async () => {
    const { result } = await loadWith({
      // A syntax error (unclosed `[`) in a document that declares the class `secretive`.
      "broken.yaml": "apiVersion: cordon/v1\nkind: DataClasses\nclasses:\n  - name: secretive\n    level: 5\n    detectors: [pan\n",
      "uses.yaml": "apiVersion: cordon/v1\nkind: FieldSet\nname: more\nfields:\n  a.secret: { class: secretive, type: string }\n  a.typo: { class: internl, type: string }\n",
    });
    const references = result.findings.filter((f) => f.rule === "contract/unknown-reference").map((f) => f.message);
    expect(references).toEqual(["unknown data class `internl`"]);
  });

  test("an invalid document suppresses only the names in it", async () => {
    const { result } = await loadWith({
      "svc.yaml": "apiVersion: cordon/v1\nkind: Service\nname: helper\nownr: x\ntier: tier-1\nregion: eu-west-1\n",
      "dep.yaml": "apiVersion: cordon/v1\nkind: Service\nname: caller\ntier: tier-1\nregion: eu-west-1\ndependencies:\n  - { service: helper, hard: false }\n  - { service: nobody-home, hard: false }\n",
    });
    expect(result.findings.filter((f) => f.rule === "contract/unknown-reference").map((f) => f.message)).toEqual(["unknown service `nobody-home`"]);
  });
});

describe("YAML syntax errors point at what was left open", () => {
  test.each([
    ["an unclosed [", "apiVersion: cordon/v1\nkind: Sink\nname: a\nsignals: [traces, logs\nregion: eu-west-1\nendpoint: https://x.example\n", 4, 10, "`[` is never closed"],
    ["an unclosed {", "apiVersion: cordon/v1\nkind: Sink\nname: a\nregion: { a: 1\nendpoint: https://x.example\n", 4, 9, "`{` is never closed"],
    ['an unclosed "', 'apiVersion: cordon/v1\nkind: Sink\nname: "abc\nregion: eu-west-1\n', 3, 7, '`"` is never closed'],
    ["an unclosed [ at the end of a file without a final newline", "apiVersion: cordon/v1\nkind: Tiers\ntiers: [1, 2", 3, 8, "`[` is never closed"],
  ])("%s", async (_name, text, line, column, message) => {
    const { result, texts } = await loadWith({ "bad.yaml": text });
    const finding = result.findings.find((f) => f.rule === "contract/yaml");
    expect(finding?.message).toContain(message);
    expect([finding?.location?.line, finding?.location?.column]).toEqual([line, column]);
    const lines = [...texts.values()][0]!.split("\n");
    expect(finding!.location!.column).toBeLessThanOrEqual(Math.max(1, lines[finding!.location!.line - 1]!.length));
  });

  test("every syntax error column lies within its line (random truncations of a valid file)", async () => {
    const text = readFileSync(new URL("../fixtures/contracts/valid/services/checkout.yaml", import.meta.url), "utf8");
    const cuts = Array.from({ length: 40 }, (_, i) => Math.floor(((i + 1) * text.length) / 41));
    const files = Object.fromEntries(cuts.map((cut, i) => [`cut/${i}.yaml`, text.slice(0, cut).replace("name: checkout", `name: cut-${i}`) + (i % 2 ? "\n  - [" : " {")]));
    const { result, texts } = await loadWith(files);
    const located = result.findings.filter((f) => f.rule === "contract/yaml" && f.location);
    expect(located.length).toBeGreaterThan(20);
    for (const finding of located) {
      const lines = texts.get(finding.location!.file)!.split("\n");
      const line = lines[finding.location!.line - 1];
      expect(line, `${finding.location!.file}:${finding.location!.line}`).toBeDefined();
      expect(finding.location!.column).toBeGreaterThanOrEqual(1);
      expect(finding.location!.column).toBeLessThanOrEqual(Math.max(1, line!.length));
    }
  });
});

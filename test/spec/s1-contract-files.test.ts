/**
 * SPEC §1 (contract files), black-box: the built CLI on small contract sets, as a tester who
 * has only the SPEC would write them.
 */
import { describe, expect, it } from "vitest";
import { BASE, checkJson, project } from "./base-set.js";

describe("SPEC §1: a file may hold several documents separated by `---`", () => {
  it("a leading, a trailing and a doubled `---` are separators, not documents", () => {
    const dir = project({
      "sink.yaml": `---\n${BASE["sink.yaml"]}---\n`,
      "classes.yaml": `# classes\n---\n${BASE["classes.yaml"]}---\n---\n`,
      "more.yml": `---\napiVersion: cordon/v1\nkind: Sink\nname: second\nregion: eu-west-1\nendpoint: https://second.example\nsignals: [logs]\n---\n# nothing more\n`,
    });
    const run = checkJson(dir);
    expect(run.ruleSubjects).toEqual([]);
    expect(run.code).toBe(0);
  });

  it("an explicit null document is still an error (it is content, not a separator)", () => {
    const run = checkJson(project({ "sink.yaml": `${BASE["sink.yaml"]}---\n~\n` }));
    expect(run.ruleSubjects).toEqual(["contract/schema sink.yaml[1]#"]);
    expect(run.code).toBe(2);
  });
});

describe("SPEC §1: every document starts with apiVersion and kind", () => {
  it("a missing apiVersion is one finding, not two", () => {
    const run = checkJson(
      project({ "sink.yaml": "kind: Sink\nname: eu-collector\nregion: eu-west-1\nendpoint: https://otel.eu.example:4318\nsignals: [traces]\n" }),
    );
    expect(run.ruleSubjects).toEqual(["contract/schema sink.yaml#"]);
    expect(run.code).toBe(2);
  });
});

describe("SPEC §1: every independent problem is reported in one run", () => {
  it("an unknown property hides neither an unknown reference nor a bad duration of the same document", () => {
    const run = checkJson(
      project({
        "checkout.yaml": BASE["checkout.yaml"]!.replace("owner: team", "owner: team\nownr: team").replace("sinks: [eu-collector]", "sinks: [eu-colector]"),
        "tiers.yaml": BASE["tiers.yaml"]! + "  - name: tier-3\n    rto: soon\n    rpo: 1d\n    drill_evry: 90d\n",
      }),
    );
    expect(run.ruleSubjects).toEqual([
      "contract/duration tiers.yaml#/tiers/2/rto",
      "contract/schema checkout.yaml#/ownr",
      "contract/schema tiers.yaml#/tiers/2/drill_evry",
      "contract/unknown-reference checkout.yaml#/telemetry/sinks/0",
    ]);
    expect(run.code).toBe(2);
  });
});

describe("SPEC §1: names, field keys and region ids", () => {
  const name63 = "a" + "b".repeat(62);
  const key255 = "A" + "k".repeat(254);
  const region63 = "9" + "R".repeat(62);

  it("accepts each at its longest and with every allowed character", () => {
    const run = checkJson(
      project({
        "classes.yaml": BASE["classes.yaml"]! + `  - name: ${name63}\n    level: 5\n  - name: a_b-9\n    level: 6\n`,
        "residency.yaml": BASE["residency.yaml"]!.replace("regions:\n", `regions:\n  ${region63}: { jurisdiction: X.y_z-1 }\n`),
        "checkout.yaml": BASE["checkout.yaml"]! + `        ${key255}: { class: internal, type: string }\n        Ab.C-d_9: { class: internal, type: string }\n`,
      }),
    );
    expect(run.ruleSubjects).toEqual([]);
    expect(run.code).toBe(0);
  });

  it("refuses each one character too long or starting wrong, as contract/schema at the offending node", () => {
    const run = checkJson(
      project({
        "classes.yaml": BASE["classes.yaml"]! + `  - name: ${name63}c\n    level: 5\n  - name: Upper\n    level: 6\n  - name: 1abc\n    level: 7\n`,
        "residency.yaml": BASE["residency.yaml"]!.replace("regions:\n", `regions:\n  ${region63}R: { jurisdiction: EU }\n  -bad: { jurisdiction: EU }\n  ok2: { jurisdiction: "-EU" }\n`),
        "checkout.yaml": BASE["checkout.yaml"]! + `        ${key255}k: { class: internal, type: string }\n        1abc: { class: internal, type: string }\n        a/b: { class: internal, type: string }\n`,
      }),
    );
    expect(run.ruleSubjects).toEqual(
      [
        "checkout.yaml#/telemetry/spans/0/attributes/1abc",
        `checkout.yaml#/telemetry/spans/0/attributes/${key255}k`,
        "checkout.yaml#/telemetry/spans/0/attributes/a~1b",
        "classes.yaml#/classes/3/name",
        "classes.yaml#/classes/4/name",
        "classes.yaml#/classes/5/name",
        "residency.yaml#/regions/-bad",
        `residency.yaml#/regions/${region63}R`,
        "residency.yaml#/regions/ok2/jurisdiction",
      ]
        .map((subject) => `contract/schema ${subject}`)
        .sort(),
    );
    expect(run.code).toBe(2);
    const upper = JSON.parse(run.stdout).findings.find((f: { subject: string }) => f.subject === "classes.yaml#/classes/4/name");
    expect(upper.message).not.toContain("a valid the");
    expect(upper.hint).toContain("lowercase letter");
  });
});

describe("SPEC §1.2: a redaction that is none of the actions", () => {
  it("is a contract/schema error whose message reads, with the forms (or the action meant) as its hint", () => {
    const run = checkJson(
      project({
        "classes.yaml": BASE["classes.yaml"]! + "  - { name: x1, level: 3, redaction: [drop] }\n",
        "checkout.yaml": BASE["checkout.yaml"]! + "        user.id: { class: personal, type: string, redaction: hsh }\n",
      }),
    );
    const findings = JSON.parse(run.stdout).findings as { subject: string; message: string; hint: string }[];
    expect(findings.map((f) => f.subject).sort()).toEqual(["checkout.yaml#/telemetry/spans/0/attributes/user.id/redaction", "classes.yaml#/classes/3/redaction"]);
    for (const f of findings) expect(f.message).not.toMatch(/must be a (a|what) /);
    expect(findings.find((f) => f.subject.startsWith("classes"))!.hint).toContain("{ mask: { keep_last: N } }");
    expect(findings.find((f) => f.subject.startsWith("checkout"))!.hint).toBe("did you mean `hash`?");
    expect(run.code).toBe(2);
  });
});

describe("SPEC §1: a problem suppresses only the findings that depend on it", () => {
  it("a misspelt home region is one unknown-reference, not also a conflict with the deployment regions", () => {
    const run = checkJson(project({ "checkout.yaml": BASE["checkout.yaml"]!.replace("region: eu-west-1\n", "region: eu-wst-1\n") }));
    expect(run.ruleSubjects).toEqual(["contract/unknown-reference checkout.yaml#/region"]);
    expect(run.code).toBe(2);
  });
});

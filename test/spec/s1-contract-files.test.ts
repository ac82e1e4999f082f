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

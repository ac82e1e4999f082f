import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ruleAnchor } from "../../compiler/docs/links.js";
import { formatResult } from "../../compiler/format/index.js";
import { formatSarif, ID_FINGERPRINT, SOURCE_ROOT } from "../../compiler/format/sarif.js";
import { lineHashes } from "../../compiler/format/line-hash.js";
import type { CheckResult, ReportedFinding } from "../../compiler/result.js";
import { allRules } from "../../compiler/rules/index.js";
import { failingResult, FIXTURE, REPO } from "./fixture.js";
import { sarifValidator } from "./sarif-schema.js";

/** A SARIF log, read as plain JSON. */
type Json = any;

const options = { cwd: REPO, rules: allRules, version: "0.1.0", exitCode: 1 };

describe("sarif", () => {
  let result: CheckResult;
  let log: Json;
  beforeAll(async () => {
    result = await failingResult();
    log = JSON.parse(formatSarif(result, options));
  });

  it("the fixture has the findings this suite is about", () => {
    expect(result.findings.map((f) => `${f.rule}${f.waived ? " (waived)" : ""}`).sort()).toEqual([
      "residency/store",
      "tier/dependency-inversion (waived)",
      "waiver/unused",
    ]);
  });

  it("validates against the SARIF 2.1.0 schema", () => {
    const validate = sarifValidator();
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("the schema check can fail: a result without a message is refused", () => {
    const validate = sarifValidator();
    const broken = structuredClone(log);
    delete broken.runs[0].results[0].message;
    expect(validate(broken)).toBe(false);
  });

  it("describes every rule of the registry with descriptions, help and level", () => {
    const rules: Json[] = log.runs[0].tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(allRules.map((r) => r.id));
    for (const [i, rule] of rules.entries()) {
      const meta = allRules[i]!;
      expect(rule.shortDescription.text).toBe(meta.docs.summary);
      expect(rule.fullDescription.text).toBe(meta.docs.what);
      expect(rule.help.text).toContain(meta.docs.why);
      expect(rule.help.markdown).toContain(meta.docs.fix);
      expect(rule.help.markdown).toContain("## Example");
      expect(rule.defaultConfiguration.level).toBe(meta.severity);
      expect(rule.properties.tags).toContain(meta.id.split("/")[0]);
      expect(rule.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
    }
  });

  it("points every result's ruleIndex at its rule", () => {
    const rules: Json[] = log.runs[0].tool.driver.rules;
    for (const r of log.runs[0].results) expect(rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  it("locates results relative to %SRCROOT%, with GitHub's line hash of the primary line", () => {
    for (const [i, r] of (log.runs[0].results as Json[]).entries()) {
      const finding = result.findings[i]!;
      const physical = r.locations[0].physicalLocation;
      expect(physical.artifactLocation.uriBaseId).toBe(SOURCE_ROOT);
      expect(physical.artifactLocation.uri).toMatch(/^test\/fixtures\/format\/failing\/[a-z]+\.yaml$/);
      expect(physical.region.startLine).toBe(finding.location!.line);
      expect(physical.region.startColumn).toBe(finding.location!.column);
      const text = readFileSync(join(REPO, physical.artifactLocation.uri), "utf8");
      expect(r.partialFingerprints.primaryLocationLineHash).toBe(lineHashes(text).get(physical.region.startLine));
      expect(r.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{1,16}:\d+$/);
      expect(r.fingerprints[ID_FINGERPRINT]).toBe(finding.id);
      expect(r.level).toBe(finding.severity);
    }
  });

  it("puts the hint in the message", () => {
    const store = (log.runs[0].results as Json[]).find((r) => r.ruleId === "residency/store");
    expect(store.message.text).toMatch(/us-east-1/);
    expect(store.message.text).toMatch(/\nHint: remove us-east-1/);
  });

  it("carries a waived finding as an accepted external suppression with the waiver's reason and approver", () => {
    const results: Json[] = log.runs[0].results;
    const waived = results.filter((r) => r.suppressions);
    expect(waived.map((r) => r.ruleId)).toEqual(["tier/dependency-inversion"]);
    expect(waived[0].suppressions).toEqual([
      {
        kind: "external",
        status: "accepted",
        justification: "fallback ships in Q1 | tracked in `PLAT-123` <b>soon</b>, 100% sure: really",
        properties: {
          approvedBy: "jane.doe@example.com",
          expires: "2027-01-31",
          waiverFile: "test/fixtures/format/failing/waivers.yaml",
        },
      },
    ]);
    for (const r of results.filter((x) => !x.suppressions)) expect(r.ruleId).not.toBe("tier/dependency-inversion");
  });

  it("records the run: exit code, digest; no automation id (the upload's category names it); no timestamps", () => {
    const run = log.runs[0];
    expect(run.invocations).toEqual([{ executionSuccessful: true, exitCode: 1, properties: { strict: false } }]);
    // upload-sarif applies `category` only to runs without automationDetails.
    expect(run.automationDetails).toBeUndefined();
    expect(run.properties.contractsDigest).toBe(result.contractsDigest);
    expect(JSON.stringify(log)).not.toMatch(/Time(Utc)?"/);
    expect(JSON.stringify(log)).not.toContain(FIXTURE);
  });

  it("scores the rules that guard data with a security-severity, and only those", () => {
    const rules: Json[] = log.runs[0].tool.driver.rules;
    const scored = new Map(rules.filter((r) => r.properties["security-severity"] !== undefined).map((r) => [r.id, r.properties]));
    for (const rule of rules) {
      const family = rule.id.split("/")[0];
      const guardsData = ["egress", "residency", "source"].includes(family);
      expect(scored.has(rule.id), rule.id).toBe(guardsData);
      if (!guardsData) continue;
      const score = rule.properties["security-severity"];
      expect(score).toMatch(/^\d{1,2}\.\d$/);
      expect(Number(score)).toBeGreaterThan(0);
      expect(Number(score)).toBeLessThanOrEqual(10);
      // GitHub shows a score only on rules tagged `security`.
      expect(rule.properties.tags).toContain("security");
    }
    // A raw export of personal data outranks a blind spot of the scanner.
    expect(Number(scored.get("egress/raw-export")!["security-severity"])).toBeGreaterThanOrEqual(7);
    expect(Number(scored.get("source/dynamic-key")!["security-severity"])).toBeLessThan(7);
  });

  it("links every rule to its section of docs/rules.md (helpUri), an absolute URI at the version's tag", () => {
    const cli: Json = JSON.parse(formatResult(result, "sarif", { cwd: REPO, version: "0.1.0", exitCode: 1 }));
    const docs = readFileSync(join(REPO, "docs/rules.md"), "utf8");
    for (const rule of cli.runs[0].tool.driver.rules as Json[]) {
      const url = new URL(rule.helpUri);
      expect(url.protocol).toBe("https:");
      expect(url.pathname).toMatch(/\/blob\/v0\.1\.0\/docs\/rules\.md$/);
      expect(url.hash).toBe(`#${ruleAnchor(rule.id)}`);
      expect(docs).toContain(`<a id="${url.hash.slice(1)}"></a>\n### \`${rule.id}\``);
    }
  });

  it("is deterministic", async () => {
    const again = await failingResult();
    expect(formatSarif(again, options)).toBe(formatSarif(result, options));
  });
});

describe("sarif edge cases", () => {
  const base = { cwd: "/repo", rules: allRules, version: "0.1.0", exitCode: 2 };
  const finding = (over: Partial<ReportedFinding>): ReportedFinding => ({
    id: "0123456789abcdef",
    rule: "contract/yaml",
    severity: "error",
    subject: "x.yaml#",
    message: "broken",
    waived: false,
    ...over,
  });
  const resultOf = (findings: ReportedFinding[], sources = new Map<string, string>()): CheckResult => ({
    contractsRoot: "/repo/contracts",
    findings,
    summary: { errors: findings.length, warnings: 0, waived: 0 },
    sources,
  });

  it("gives a finding without a location the contracts folder, and no line hash", () => {
    const log = JSON.parse(formatSarif(resultOf([finding({})]), base));
    const r = log.runs[0].results[0];
    expect(r.locations[0].physicalLocation.artifactLocation).toEqual({ uri: "contracts/", uriBaseId: SOURCE_ROOT });
    expect(r.partialFingerprints).toBeUndefined();
    expect(log.runs[0].invocations[0].executionSuccessful).toBe(false);
  });

  it("percent-encodes paths and uses file: URIs outside the working directory", () => {
    const log = JSON.parse(
      formatSarif(
        resultOf(
          [
            finding({ location: { file: "/repo/contracts/my file#1.yaml", line: 2, column: 1 } }),
            finding({ location: { file: "/elsewhere/x.yaml", line: 1, column: 1 }, subject: "y" }),
          ],
          new Map([["/repo/contracts/my file#1.yaml", "a: 1\nb: 2\n"]]),
        ),
        base,
      ),
    );
    const [inside, outside] = log.runs[0].results;
    expect(inside.locations[0].physicalLocation.artifactLocation.uri).toBe("contracts/my%20file%231.yaml");
    expect(inside.partialFingerprints.primaryLocationLineHash).toBe(lineHashes("a: 1\nb: 2\n").get(2));
    expect(outside.locations[0].physicalLocation.artifactLocation).toEqual({ uri: "file:///elsewhere/x.yaml" });
  });

  it("describes a rule missing from the registry so its ruleIndex still resolves", () => {
    const log = JSON.parse(formatSarif(resultOf([finding({ rule: "made/up" })]), { ...base, rules: allRules.slice(0, 2) }));
    const r = log.runs[0].results[0];
    expect(r.ruleIndex).toBe(2);
    expect(log.runs[0].tool.driver.rules[2].id).toBe("made/up");
  });
});

describe("sarif of the failing example (examples/shop-pr)", () => {
  it("validates against the SARIF 2.1.0 schema, with a line hash on every result and reasons on suppressions", async () => {
    const { checkAt } = await import("../../cli/commands/check.js");
    const result = await checkAt(join(REPO, "examples/shop-pr/contracts"), { asOf: "2026-11-21", cwd: REPO });
    expect(result.summary.errors).toBeGreaterThan(0);
    const log = JSON.parse(formatSarif(result, { ...options, exitCode: 1 }));
    const validate = sarifValidator();
    validate(log);
    expect(validate.errors ?? []).toEqual([]);
    const results: Json[] = log.runs[0].results;
    expect(results).toHaveLength(result.findings.length);
    for (const r of results) {
      expect(r.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{1,16}:\d+$/);
      expect(log.runs[0].tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(r.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^examples\/shop-pr\/contracts\//);
    }
    const suppressed = results.filter((r) => r.suppressions);
    expect(suppressed).toHaveLength(result.summary.waived);
    for (const r of suppressed) expect(r.suppressions[0].justification).not.toBe("");
  });
});

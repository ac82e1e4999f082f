/**
 * SPEC §2 (CLI, exit codes) and §2.1 (JSON output), black-box on the built CLI.
 */
import { mkdirSync, readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { cordon } from "../helpers/cli.js";
import { CHECKOUT_HEAD, checkJson, EU_DEPLOYMENT, project } from "./base-set.js";

/** The base set with checkout's home outside the EU rules: one residency/store error. */
const STORE_IN_US = {
  "checkout.yaml": `${CHECKOUT_HEAD}${EU_DEPLOYMENT}stores:
  - name: orders-db
    kind: database
    regions: [us-east-1]
    classes: [personal]
`,
};

describe("SPEC §2.1: paths are relative to the working directory", () => {
  it("a contracts folder beside the working directory is named with ../", () => {
    const dir = project(STORE_IN_US);
    const cwd = join(dir, "ci", "job");
    mkdirSync(cwd, { recursive: true });
    const run = checkJson(cwd, ["--contracts", join(dir, "contracts")]);
    expect(run.code).toBe(1);
    expect(run.findings.map((f) => [f.rule, f.subject, f.file, f.line, f.column])).toEqual([
      ["residency/store", "checkout/store:orders-db/personal -> us-east-1", "../../contracts/checkout.yaml", 11, 15],
    ]);
    // the same file, whichever way it is reached
    expect(resolve(cwd, run.findings[0]!.file!)).toBe(join(dir, "contracts", "checkout.yaml"));
  });

  it("inside the working directory, the path under it", () => {
    const dir = project(STORE_IN_US);
    const run = checkJson(dir);
    expect(run.findings.map((f) => f.file)).toEqual(["contracts/checkout.yaml"]);
    const fromContracts = checkJson(join(dir, "contracts"), ["--contracts", "."]);
    expect(fromContracts.findings.map((f) => f.file)).toEqual(["checkout.yaml"]);
    expect(relative(dir, join(dir, "contracts", fromContracts.findings[0]!.file!))).toBe("contracts/checkout.yaml");
  });
});

describe("SPEC §2.1: the JSON shape", () => {
  it("has exactly the SPEC's keys, in its order, and the id is the same across unrelated edits", () => {
    const before = checkJson(project(STORE_IN_US));
    const report = JSON.parse(before.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(["tool", "version", "contractsDigest", "summary", "findings"]);
    expect(report.tool).toBe("cordon");
    expect(report.contractsDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(before.summary).toEqual({ errors: 1, warnings: 0, waived: 0 });
    const finding = before.findings[0]!;
    expect(Object.keys(finding).filter((k) => k !== "hint")).toEqual(["id", "rule", "severity", "waived", "subject", "message", "file", "line", "column"]);
    // an unrelated edit moves the finding two lines down: same id, new line
    const after = checkJson(project({ "checkout.yaml": `# owned by team\n\n${STORE_IN_US["checkout.yaml"]}`, "classes.yaml": null, "more-classes.yaml": `apiVersion: cordon/v1
kind: DataClasses
classes:
  - { name: public, level: 0 }
  - { name: internal, level: 1 }
  - { name: personal, level: 2, redaction: hash }
  - { name: secret, level: 4 }
` }));
    expect(after.findings.map((f) => [f.id, f.line])).toEqual([[finding.id, 13]]);
  });
});

describe("SPEC §2: exit codes and what is written", () => {
  it("0 clean, 1 an unwaived error, 2 a contract error; check writes nothing into the contracts folder", () => {
    const clean = project();
    expect(checkJson(clean).code).toBe(0);
    const failing = project(STORE_IN_US);
    const out = checkJson(failing, ["--out", "-"]);
    expect(out.code).toBe(1);
    const broken = project({ "tiers.yaml": "apiVersion: cordon/v1\nkind: Tiers\ntiers:\n  - name: tier-2\n    rto: soon\n    rpo: 24h\n" });
    const refused = checkJson(broken);
    expect(refused.ruleSubjects).toEqual(["contract/duration tiers.yaml#/tiers/0/rto"]);
    expect(refused.code).toBe(2);
    for (const dir of [clean, failing, broken]) {
      for (const command of [["check", "--format", "sarif"], ["report", "--format", "json"], ["report"]]) cordon(command, { cwd: dir });
      expect(readdirSync(join(dir, "contracts")).sort()).toEqual(["checkout.yaml", "classes.yaml", "residency.yaml", "sink.yaml", "tiers.yaml"]);
    }
  });

  it("usage errors exit 2: an unknown flag, a bad --format, a bad --as-of", () => {
    const dir = project();
    for (const args of [["check", "--bogus"], ["check", "--format", "xml"], ["check", "--as-of", "2026-02-30"], ["check", "--as-of", "tomorrow"], ["explain", "no/such-rule"]]) {
      expect(cordon(args, { cwd: dir }).code, args.join(" ")).toBe(2);
    }
  });
});

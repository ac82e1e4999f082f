/**
 * The SPEC's own §1 examples, verbatim (test/fixtures/spec-examples), plus the sink and
 * services they name without declaring: they must validate, and check must find exactly
 * what the SPEC's numbers imply.
 */
import { describe, expect, it } from "vitest";
import { cordon } from "../helpers/cli.js";

describe("the SPEC's examples", () => {
  it("validate", () => {
    const run = cordon(["validate", "--contracts", "test/fixtures/spec-examples"]);
    expect(run.stdout).toMatch(/valid/);
    expect(run.code).toBe(0);
  });

  it("check: tier-0 with async max_lag 5s misses rpo 0s; the example waiver matches nothing (checkout -> recommendations is soft)", () => {
    const run = cordon(["check", "--contracts", "test/fixtures/spec-examples", "--as-of", "2026-11-21", "--format", "json"]);
    const { findings } = JSON.parse(run.stdout) as { findings: { rule: string; subject: string }[] };
    expect(findings.map((f) => `${f.rule} ${f.subject}`).sort()).toEqual([
      "tier/rpo-unmet checkout",
      "waiver/unused waiver:tier/dependency-inversion checkout -> recommendations",
    ]);
    expect(run.code).toBe(1);
  });
});

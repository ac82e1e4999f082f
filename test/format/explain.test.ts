import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { describeRule, explain, listRules, run, suggestRules } from "../../cli/commands/explain.js";
import { allRules } from "../../compiler/rules/index.js";

describe("cordon explain", () => {
  afterEach(() => vi.restoreAllMocks());

  it("every rule in the registry has non-empty docs", () => {
    expect(allRules.length).toBeGreaterThan(25);
    for (const rule of allRules) {
      for (const part of ["summary", "what", "why", "fix", "example"] as const) {
        expect(rule.docs[part].trim(), `${rule.id} docs.${part}`).not.toBe("");
      }
    }
  });

  it("rule ids are unique and of the form family/name", () => {
    const ids = allRules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(contract|egress|residency|tier|source|iac|waiver|live)\/[a-z][a-z-]*$/);
  });

  it.each(allRules.map((rule) => [rule.id, rule] as const))("explains %s with every part of its docs", (id, rule) => {
    const { output, error, exitCode } = explain(id, allRules);
    expect(exitCode).toBe(0);
    expect(error).toBeUndefined();
    expect(output).toBe(describeRule(rule));
    expect(output!.startsWith(`${id} (${rule.severity})\n`)).toBe(true);
    for (const heading of ["What it detects", "Why it matters", "How to fix", "Example"]) {
      expect(output).toContain(`\n${heading}\n`);
    }
    for (const part of [rule.docs.summary, rule.docs.what, rule.docs.why, rule.docs.fix]) {
      expect(output).toContain(part.split("\n")[0]!);
    }
    for (const line of rule.docs.example.split("\n").filter((l) => l !== "")) expect(output).toContain(`  ${line}`);
  });

  it("suggests the closest id for a near miss and exits 2", () => {
    const { output, error, exitCode } = explain("egress/raw-exprot", allRules);
    expect(exitCode).toBe(2);
    expect(output).toBeUndefined();
    expect(error).toContain('unknown rule "egress/raw-exprot"');
    expect(error).toContain("did you mean `egress/raw-export`?");
  });

  it("matches the part after the slash too", () => {
    expect(suggestRules("raw-export", allRules)).toEqual(["egress/raw-export"]);
    expect(suggestRules("dependncy-inversion", allRules)).toEqual(["tier/dependency-inversion"]);
    expect(suggestRules("tier/store", allRules)[0]).toBe("residency/store");
    expect(suggestRules("residency/faillover", allRules)).toEqual(["residency/failover"]);
  });

  it("falls back to ids containing the word, and suggests nothing for nonsense", () => {
    expect(suggestRules("drill", allRules).sort()).toEqual(["tier/drill-failed", "tier/drill-missing", "tier/drill-stale"]);
    expect(suggestRules("zzzzzzzzzz", allRules)).toEqual([]);
    const { error, exitCode } = explain("zzzzzzzzzz", allRules);
    expect(exitCode).toBe(2);
    expect(error).not.toContain("did you mean");
    expect(error).toContain("cordon explain list");
  });

  it("lists every rule with its severity and summary for `list` and `all`", () => {
    for (const word of ["list", "all", "LIST"]) {
      const { output, exitCode } = explain(word, allRules);
      expect(exitCode).toBe(0);
      expect(output).toBe(listRules(allRules));
    }
    const lines = listRules(allRules).trimEnd().split("\n");
    expect(lines).toHaveLength(allRules.length);
    for (const [i, rule] of allRules.entries()) {
      expect(lines[i]).toMatch(new RegExp(`^${rule.id.replace(/[/-]/g, "\\$&")} +${rule.severity} +`));
      expect(lines[i]!.endsWith(rule.docs.summary)).toBe(true);
    }
  });

  it("run writes the docs to stdout, the error to stderr, and returns the exit code", async () => {
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    expect(await run({}, ["tier/min-regions"])).toBe(0);
    expect(String(stdout.mock.calls[0]?.[0])).toMatch(/^tier\/min-regions \(error\)/);
    expect(await run({}, ["tier/min-region"])).toBe(2);
    expect(String(stderr.mock.calls[0]?.[0])).toContain("did you mean `tier/min-regions`?");
  });
});

describe("cordon explain (built CLI)", () => {
  const cli = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
  const cordon = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });

  it("prints a rule's docs and exits 0", () => {
    const { status, stdout, stderr } = cordon("explain", "residency/store");
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(stdout).toBe(describeRule(allRules.find((rule) => rule.id === "residency/store")!));
  });

  it("exits 2 with a did-you-mean for an unknown rule", () => {
    const { status, stdout, stderr } = cordon("explain", "residency/stroe");
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("did you mean `residency/store`?");
  });
});

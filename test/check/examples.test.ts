/**
 * The examples the README shows: examples/shop passes the gate, examples/shop-pr (a pull
 * request gone wrong) fails it with exactly the findings its EXPECTED.md lists.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cordon, REPO } from "../helpers/cli.js";

interface JsonFinding {
  rule: string;
  subject: string;
  waived: boolean;
  file: string;
  line: number;
  column: number;
}

function expectedBlock(name: string): string[] {
  const text = readFileSync(join(REPO, "examples/shop-pr/EXPECTED.md"), "utf8");
  const match = new RegExp("```" + name + "\\n([\\s\\S]*?)```").exec(text);
  if (!match) throw new Error(`EXPECTED.md has no \`\`\`${name} block`);
  return match[1]!.split("\n").map((l) => l.trim()).filter(Boolean).sort();
}

function checkJson(contracts: string, extra: string[] = []): { code: number | null; findings: JsonFinding[] } {
  const run = cordon(["check", "--contracts", contracts, "--as-of", "2026-11-21", "--format", "json", ...extra]);
  expect(run.stderr).toBe("");
  return { code: run.code, findings: (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings };
}

describe("examples/shop", () => {
  it.each([[[]], [["--src"]]])("passes `cordon check %s` (exit 0) with its one waived finding", (extra: string[]) => {
    const { code, findings } = checkJson("examples/shop/contracts", extra);
    expect(findings.filter((f) => !f.waived)).toEqual([]);
    expect(findings.filter((f) => f.waived).map((f) => `${f.rule} ${f.subject}`)).toEqual(["tier/dependency-inversion catalog -> search"]);
    expect(code).toBe(0);
  });
});

describe("examples/shop-pr", () => {
  it("fails `cordon check` (exit 1) with exactly the findings EXPECTED.md lists", () => {
    const { code, findings } = checkJson("examples/shop-pr/contracts");
    expect(code).toBe(1);
    expect(findings.filter((f) => !f.waived).map((f) => `${f.rule} ${f.subject}`).sort()).toEqual(expectedBlock("findings"));
    expect(findings.filter((f) => f.waived).map((f) => `${f.rule} ${f.subject}`).sort()).toEqual(expectedBlock("waived"));
    for (const f of findings) {
      expect(f.file).toMatch(/^examples\/shop-pr\/contracts\/.+\.ya?ml$/);
      expect(f.line).toBeGreaterThan(0);
      expect(f.column).toBeGreaterThan(0);
    }
  });

  it("with --src also reports the seeded source violations, exactly as EXPECTED.md lists", () => {
    const { code, findings } = checkJson("examples/shop-pr/contracts", ["--src"]);
    expect(code).toBe(1);
    expect(findings.filter((f) => !f.waived).map((f) => `${f.rule} ${f.subject}`).sort()).toEqual(
      [...expectedBlock("findings"), ...expectedBlock("findings-src")].sort(),
    );
    const source = findings.filter((f) => f.rule.startsWith("source/"));
    for (const f of source) expect(f.file).toMatch(/^examples\/shop-pr\/services\/checkout\/src\/.+\.ts$/);
  });

  it("prints the text report with code frames and a summary line", () => {
    const run = cordon(["check", "--contracts", "examples/shop-pr/contracts", "--as-of", "2026-11-21"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/examples\/shop-pr\/contracts\/services\/checkout\.yaml:\d+:\d+/);
    expect(run.stdout).toMatch(/> +\d+ \|/);
    expect(run.stdout).toMatch(/11 errors, 0 warnings, 1 waived/);
  });

  it("with --out writes the report to the file, says so on stderr, and exits as without it", () => {
    const dir = mkdtempSync(join(tmpdir(), "cordon-check-out-"));
    try {
      const out = join(dir, "reports", "cordon.sarif");
      const run = cordon(["check", "--contracts", "examples/shop-pr/contracts", "--as-of", "2026-11-21", "--format", "sarif", "--out", out]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(`cordon check: wrote ${out} (11 errors, 0 warnings, 1 waived)\n`);
      expect((JSON.parse(readFileSync(out, "utf8")) as { version: string }).version).toBe("2.1.0");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

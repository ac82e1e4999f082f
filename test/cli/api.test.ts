/**
 * `import("cordon")` (cli/api.ts): the commands as functions. Each returns what the command
 * would print as data, and the exit code the command would have; and the package's `exports`
 * resolve to the built API and its types (the published tarballs are linted by publint and
 * arethetypeswrong in .ci/pack-smoke).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as api from "../../cli/api.js";
import { REPO } from "../helpers/cli.js";

const SHOP = "examples/shop/contracts";
const SHOP_PR = "examples/shop-pr/contracts";
const BROKEN = "test/fixtures/contracts/broken";
const AS_OF = "2026-12-01";

describe("import(\"cordon\")", () => {
  it("check: exit codes as the CLI's, findings as data, paths relative to cwd", async () => {
    const clean = await api.check({ contracts: SHOP, cwd: REPO, asOf: AS_OF });
    expect(clean.exitCode).toBe(0);
    expect(clean.result.summary).toEqual({ errors: 0, warnings: 0, waived: 1 });
    const failing = await api.check({ contracts: SHOP_PR, cwd: REPO, asOf: AS_OF });
    expect(failing.exitCode).toBe(1);
    expect(failing.result.findings.some((f) => f.rule === "residency/store" && !f.waived)).toBe(true);
    // the date is the caller's: the same set judged after the waiver expired fails
    const late = await api.check({ contracts: SHOP, cwd: REPO, asOf: "2027-07-01" });
    expect(late.exitCode).toBe(1);
    expect(late.result.findings.map((f) => f.rule)).toContain("waiver/expired");
  });

  it("check: unreadable contracts are findings and exit 2, not an exception; a bad date is one", async () => {
    const broken = await api.check({ contracts: BROKEN, cwd: REPO, asOf: AS_OF });
    expect(broken.exitCode).toBe(2);
    expect(broken.result.findings.every((f) => f.rule.startsWith("contract/"))).toBe(true);
    await expect(api.check({ contracts: SHOP, cwd: REPO, asOf: "2026-02-30" })).rejects.toThrow(/--as-of/);
  });

  it("format: a result in the CLI's formats", async () => {
    const { result } = await api.check({ contracts: SHOP_PR, cwd: REPO, asOf: AS_OF });
    const json = JSON.parse(api.format(result, "json", { cwd: REPO })) as { tool: string; findings: { file: string }[] };
    expect(json.tool).toBe("cordon");
    expect(json.findings[0]!.file).toMatch(/^examples\/shop-pr\/contracts\//);
    expect(api.format(result, "text", { cwd: REPO })).toMatch(/✖ \d+ errors, 0 warnings, 1 waived\n$/);
  });

  it("load and build: the model, and one generated module per service, in memory", async () => {
    const loaded = await api.load({ contracts: SHOP, cwd: REPO });
    expect([...loaded.set!.services.keys()].sort()).toEqual(["catalog", "checkout", "fulfilment", "payments", "recommendations", "search"]);
    const built = await api.build({ contracts: SHOP, cwd: REPO });
    expect(built.exitCode).toBe(0);
    expect(built.modules.map((m) => m.fileName).sort()).toEqual([...loaded.set!.services.keys()].map((s) => `${s}.ts`).sort());
    expect(built.modules[0]!.text).toContain('from "@cordon/runtime"');
    const broken = await api.build({ contracts: BROKEN, cwd: REPO });
    expect(broken.exitCode).toBe(2);
    expect(broken.modules).toEqual([]);
  });

  it("report: the rendered report and its check", async () => {
    const report = await api.report({ contracts: SHOP_PR, cwd: REPO, asOf: AS_OF, format: "json", generatedAt: "2026-12-01T00:00:00.000Z" });
    expect(report.exitCode).toBe(1);
    const data = JSON.parse(report.output!) as { generatedAt?: string; summary: { errors: number } };
    expect(data.summary.errors).toBe(report.result.summary.errors);
    const broken = await api.report({ contracts: BROKEN, cwd: REPO, asOf: AS_OF });
    expect(broken.exitCode).toBe(2);
    expect(broken.output).toBeUndefined();
  });

  it("the package's exports resolve to the built API and its types, and cordon/runtime to @cordon/runtime", () => {
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { exports: Record<string, { types: string; default: string } | string> };
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      for (const file of typeof target === "string" ? [target] : [target.types, target.default]) {
        expect(existsSync(join(REPO, file)), `${subpath} -> ${file} (run npm run build)`).toBe(true);
      }
    }
    // resolved the way a consumer resolves them: by name, through package.json's exports
    const script = `const cordon = await import("cordon"); const legacy = await import("cordon/runtime"); const runtime = await import("@cordon/runtime");
console.log(JSON.stringify({ api: Object.keys(cordon).sort(), same: legacy.createTelemetryFromPlan === runtime.createTelemetryFromPlan }));`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: REPO, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const seen = JSON.parse(run.stdout) as { api: string[]; same: boolean };
    expect(seen.api).toEqual(Object.keys(api).sort());
    expect(seen.same).toBe(true);
  });
});

/**
 * The bad-input list of issue 2, end to end: each input gives findings and exit 2, never a
 * stack trace and no hang. Runs the built CLI (dist/; `npx tsc -p tsconfig.build.json`).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, closeSync, ftruncateSync, writeFileSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FIXTURES, REPO, VALID, tempDir } from "./helpers.js";

const MAIN = join(REPO, "dist/cli/main.js");
const temp = tempDir("cordon-cli-");

beforeAll(() => {
  if (!existsSync(MAIN)) spawnSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: REPO, stdio: "ignore" });
});
afterAll(() => temp.cleanup());

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cordon(args: string[], env: Record<string, string> = {}): Run {
  const run = spawnSync(process.execPath, [MAIN, ...args], { cwd: REPO, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env }, timeout: 20_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A contracts folder holding one file with these bytes. */
function folderWith(name: string, content: string | Uint8Array, file = "contract.yaml"): string {
  const dir = join(temp.dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, file), content);
  return dir;
}

function expectRefused(run: Run, rule: string): void {
  expect(run.code, run.stdout + run.stderr).toBe(2);
  expect(run.stdout).toContain(`[${rule}]`);
  expect(run.stdout + run.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m); // no stack trace
  expect(run.stderr).not.toContain("internal error");
  // No wall-clock assertion (the machine is shared): a run that hangs is killed by the spawn
  // timeout and fails with code null above.
}

const BILLION_LAUGHS = [
  "apiVersion: cordon/v1",
  "kind: DataClasses",
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ..."bcdefghi".split("").map((x, i) => `${x}: &${x} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(",")}]`),
  "classes: [*i]",
].join("\n");

describe("bad input: findings, exit 2, no hang, no stack trace", () => {
  test("a billion-laughs alias bomb", () => {
    const run = cordon(["validate", "--contracts", folderWith("bomb", BILLION_LAUGHS)]);
    expectRefused(run, "contract/yaml");
    expect(run.stdout).toContain("alias");
  });
  test("duplicate keys", () => {
    const run = cordon(["validate", "--contracts", folderWith("dupkey", "apiVersion: cordon/v1\nkind: Sink\nname: a\nname: b\nregion: x\n")]);
    expectRefused(run, "contract/duplicate-key");
    expect(run.stdout).toMatch(/contract\.yaml:4:1 +error/);
  });
  test("invalid UTF-8", () => {
    const run = cordon(["validate", "--contracts", folderWith("utf8", Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x20, 0xc3, 0x28, 0x0a]))]);
    expectRefused(run, "contract/yaml");
    expect(run.stdout).toContain("UTF-8");
  });
  test("a binary file", () => {
    const run = cordon(["validate", "--contracts", folderWith("binary", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]), "logo.yaml")]);
    expectRefused(run, "contract/yaml");
    expect(run.stdout).toContain("binary");
  });
  test("a 50 MB file is refused by size before it is parsed", () => {
    const dir = join(temp.dir, "huge");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "huge.yaml");
    const fd = openSync(file, "w");
    ftruncateSync(fd, 50 * 1024 * 1024); // sparse: 50 MB of NULs, never read
    closeSync(fd);
    const run = cordon(["validate", "--contracts", dir]);
    expectRefused(run, "contract/yaml");
    expect(run.stdout).toContain("50.0 MB");
    expect(run.stdout).not.toContain("binary"); // refused by size, before reading
  });
  test("10,000-deep nesting (flow and block)", () => {
    for (const text of ["apiVersion: cordon/v1\nkind: Tiers\ntiers: " + "[".repeat(10_000) + "]".repeat(10_000), "- ".repeat(10_000) + "x\n"]) {
      const run = cordon(["validate", "--contracts", folderWith(`deep${text.length}`, text)]);
      expectRefused(run, "contract/yaml");
      expect(run.stdout).toContain("nesting deeper than");
    }
  });
  test("an empty file", () => {
    const run = cordon(["validate", "--contracts", folderWith("empty", "")]);
    expectRefused(run, "contract/schema");
    expect(run.stdout).toContain("empty file");
  });
  test("a folder with no contracts", () => {
    const dir = folderWith("nocontracts", "# not a contract\n", "README.md");
    const run = cordon(["validate", "--contracts", dir]);
    expectRefused(run, "contract/yaml");
    expect(run.stdout).toContain("no contract files");
  });
  test("a contracts path that does not exist", () => {
    const run = cordon(["validate", "--contracts", join(temp.dir, "does-not-exist")]);
    expectRefused(run, "contract/yaml");
    expect(run.stdout).toContain("does not exist");
  });
  test("__proto__ as a key", () => {
    const run = cordon(["validate", "--contracts", folderWith("proto", "apiVersion: cordon/v1\nkind: Tiers\n__proto__: { polluted: true }\ntiers: []\n")]);
    expectRefused(run, "contract/schema");
    expect(run.stdout).toContain("unknown property `__proto__`");
  });
});

describe("a broken multi-file set", () => {
  test("prints every error with file:line:col and a code frame, exit 2", () => {
    const run = cordon(["validate", "--contracts", join(FIXTURES, "broken")]);
    expect(run.code).toBe(2);
    const out = run.stdout;
    expect(out).toMatch(/test\/fixtures\/contracts\/broken\/classes\.yaml:7:5 +error +unknown property `raw_in_telemtry`.*\[contract\/schema\]/);
    expect(out).toContain("hint: did you mean `raw_in_telemetry`?");
    expect(out).toMatch(/broken\/tiers\.yaml:5:10 +error .*\[contract\/duration\]/);
    expect(out).toMatch(/broken\/service\.yaml:6:1 +error .*\[contract\/duplicate-key\]/);
    expect(out).toMatch(/> 7 \|     raw_in_telemtry: false\n +\| +\^{15}/);
    expect(out).toContain("✖ 3 errors");
  });
  test("the same findings as SPEC §2.1 JSON", () => {
    const run = cordon(["validate", "--contracts", join(FIXTURES, "broken"), "--format", "json"]);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as { tool: string; summary: unknown; contractsDigest: unknown; findings: Record<string, unknown>[] };
    expect(report.tool).toBe("cordon");
    expect(report.contractsDigest).toBeNull();
    expect(report.summary).toEqual({ errors: 3, warnings: 0, waived: 0 });
    expect(report.findings.map((f) => [f.rule, f.file, f.line, f.column, f.subject])).toEqual([
      ["contract/schema", "test/fixtures/contracts/broken/classes.yaml", 7, 5, "classes.yaml#/classes/0/raw_in_telemtry"],
      ["contract/duplicate-key", "test/fixtures/contracts/broken/service.yaml", 6, 1, "service.yaml#/region"],
      ["contract/duration", "test/fixtures/contracts/broken/tiers.yaml", 5, 10, "tiers.yaml#/tiers/0/rto"],
    ]);
    for (const finding of report.findings) {
      expect(Object.keys(finding).slice(0, 9)).toEqual(["id", "rule", "severity", "waived", "subject", "message", "file", "line", "column"]);
      expect(finding.id).toMatch(/^[0-9a-f]{16}$/);
    }
  });
});

describe("validate, schema and init", () => {
  test("a valid set exits 0", () => {
    const run = cordon(["validate", "--contracts", VALID]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain("valid (7 files, 2 services");
  });
  test("colour only when asked (FORCE_COLOR), never with NO_COLOR", () => {
    const dir = join(FIXTURES, "broken");
    expect(cordon(["validate", "--contracts", dir]).stdout).not.toContain("\u001b[");
    expect(cordon(["validate", "--contracts", dir], { NO_COLOR: "", FORCE_COLOR: "1" }).stdout).toContain("\u001b[31m");
  });
  test("schema --out writes the editor schema", () => {
    const out = join(temp.dir, "schema/cordon.json");
    expect(cordon(["schema", "--out", out]).code).toBe(0);
    const schema = JSON.parse(readFileSync(out, "utf8")) as { allOf: unknown[]; definitions: Record<string, unknown> };
    expect(Object.keys(schema.definitions).sort()).toEqual(["DataClasses", "FieldSet", "Residency", "Service", "Sink", "Tiers", "Waiver"]);
    expect(schema.allOf).toHaveLength(7);
  });
  test("init writes a starter set that validates, and refuses to overwrite", () => {
    const dir = join(temp.dir, "starter");
    const first = cordon(["init", dir]);
    expect(first.code, first.stderr).toBe(0);
    expect(cordon(["validate", "--contracts", dir]).code).toBe(0);
    // Each file names the schema this cordon ships, by a path relative to the file.
    for (const file of ["tiers.yaml", "services/example.yaml"]) {
      const first = readFileSync(join(dir, file), "utf8").split("\n")[0]!;
      const path = /^# yaml-language-server: \$schema=(\S+)$/.exec(first)?.[1];
      expect(path, first).toBeDefined();
      expect(readFileSync(resolve(dirname(join(dir, file)), path!), "utf8")).toBe(readFileSync(join(REPO, "schema/cordon-v1.json"), "utf8"));
    }
    const before = readFileSync(join(dir, "tiers.yaml"), "utf8");
    writeFileSync(join(dir, "tiers.yaml"), before + "# edited\n");
    const second = cordon(["init", dir]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain("not overwriting");
    expect(readFileSync(join(dir, "tiers.yaml"), "utf8")).toBe(before + "# edited\n");
  });
});

/**
 * Found by test/robustness (shrunk): an --out the file system refuses — `build --target
 * collector --out D` where `D/<region>` is a file, `build --out D` where `D/<service>.ts` is a
 * folder, `check`/`report --out` naming a folder or a path under a file — was `cordon: internal
 * error: EEXIST…`/`EISDIR…`. Each is a usage error now: exit 2 and one line naming the path and
 * what is in the way, written by the command (no "internal error", no stack trace).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { cordon, REPO } from "../helpers/cli.js";

const SHOP = join(REPO, "examples/shop/contracts");
const base = mkdtempSync(join(tmpdir(), "cordon-write-problems-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function at(name: string, build: (dir: string) => void): string {
  const dir = join(base, name);
  mkdirSync(dir, { recursive: true });
  build(dir);
  return dir;
}

const CASES: { name: string; args: (dir: string) => string[]; setup: (dir: string) => void; says: RegExp }[] = [
  {
    name: "build --target collector: <out>/<region> is a file",
    setup: (dir) => (mkdirSync(join(dir, "out")), writeFileSync(join(dir, "out", "eu-west-1"), "")),
    args: () => ["build", "--contracts", SHOP, "--target", "collector", "--out", "out"],
    says: /^cordon build: cannot create the folder out\/eu-west-1: a file of that name is in the way \(EEXIST\)/,
  },
  {
    name: "build --target collector: <out>/builder-config.yaml is a folder",
    setup: (dir) => mkdirSync(join(dir, "out", "builder-config.yaml"), { recursive: true }),
    args: () => ["build", "--contracts", SHOP, "--target", "collector", "--out", "out"],
    says: /^cordon build: cannot write out\/builder-config\.yaml: it is a folder \(EISDIR\)/,
  },
  {
    name: "build --target ts: <out>/<service>.ts is a folder",
    setup: (dir) => mkdirSync(join(dir, "out", "checkout.ts"), { recursive: true }),
    args: () => ["build", "--contracts", SHOP, "--out", "out"],
    says: /^cordon build: cannot write out\/checkout\.ts: it is a folder \(EISDIR\)/,
  },
  {
    name: "check --out names a folder",
    setup: (dir) => mkdirSync(join(dir, "result.sarif")),
    args: () => ["check", "--contracts", SHOP, "--as-of", "2026-12-01", "--format", "sarif", "--out", "result.sarif"],
    says: /^cordon check: cannot write result\.sarif: it is a folder \(EISDIR\)/,
  },
  {
    name: "report --out under a file",
    setup: (dir) => writeFileSync(join(dir, "reports"), ""),
    args: () => ["report", "--contracts", SHOP, "--as-of", "2026-12-01", "--format", "md", "--out", "reports/compliance.md"],
    says: /^cordon report: cannot create the folder reports: a file of that name is in the way \(EEXIST\)/,
  },
];

describe("an --out the file system refuses is a usage error (exit 2), not an internal error", () => {
  for (const { name, setup, args, says } of CASES) {
    test(name, () => {
      const dir = at(name.replace(/\W+/g, "-"), setup);
      const run = cordon(args(dir), { cwd: dir });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(says);
      expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    });
  }
});

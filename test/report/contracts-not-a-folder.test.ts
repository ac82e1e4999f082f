/**
 * Found by test/robustness (shrunk): `cordon report --contracts F` where F is a FIFO or a file
 * crashed with Node's own stack trace and exit 1: the git evidence lookup spawned git with F as
 * its working directory, spawn threw at once (ENOTDIR) and the promise, not yet awaited while
 * the contracts loaded, was an unhandled rejection. Now the evidence is simply absent and the
 * loader's finding about F is the answer: exit 2, no stack trace.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { gitEvidence } from "../../compiler/report/evidence.js";
import { cordon } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "cordon-report-not-a-folder-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, "afile"), "not a folder\n");
execFileSync("mkfifo", [join(dir, "fifo")]);

describe("report --contracts naming something that is not a folder", () => {
  for (const name of ["fifo", "afile"]) {
    test(`${name}: exit 2 with the loader's finding, no stack trace`, () => {
      const run = cordon(["report", "--contracts", name, "--format", "md"], { cwd: dir });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/contract\//);
      expect(run.stderr).not.toMatch(/\n\s+at |ENOTDIR|internal error/);
    });
  }

  test("git evidence of a path that is not a folder is absent, not a rejection", async () => {
    await expect(gitEvidence(join(dir, "fifo"))).resolves.toBeUndefined();
  });
});

/**
 * `cordon check --format sarif` run as the Action runs it: from a `working-directory:` below
 * the repository root. Code scanning resolves `%SRCROOT%` to the repository root, so every
 * URI must name a file that exists there — not relative to where cordon happened to run.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cordon, REPO } from "../helpers/cli.js";
import { sarifValidator } from "./sarif-schema.js";

type Json = any;

const ARGS = ["check", "--contracts", "contracts", "--src", "--format", "sarif", "--as-of", "2026-11-21"];

/** A repository holding the failing example at examples/shop-pr, as a fresh clone has it. */
function exampleRepo(parent: string, withGit: boolean): string {
  const top = join(parent, "repo");
  cpSync(join(REPO, "examples/shop-pr"), join(top, "examples/shop-pr"), { recursive: true });
  if (withGit) execFileSync("git", ["init", "-q", top]);
  return top;
}

function uris(log: Json): string[] {
  return (log.runs[0].results as Json[]).map((r) => {
    const artifact = r.locations[0].physicalLocation.artifactLocation;
    expect(artifact.uriBaseId).toBe("%SRCROOT%");
    return decodeURIComponent(artifact.uri);
  });
}

describe("check --format sarif from a working directory below the repository root", () => {
  let parent: string;
  beforeAll(() => {
    parent = mkdtempSync(join(tmpdir(), "cordon-sarif-"));
  });
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it("writes URIs relative to the git top level, each naming a file that exists there; valid SARIF", () => {
    const top = exampleRepo(join(parent, "git"), true);
    const run = cordon(ARGS, { cwd: join(top, "examples/shop-pr") });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout);
    const validate = sarifValidator();
    validate(log);
    expect(validate.errors ?? []).toEqual([]);
    const paths = uris(log);
    expect(paths.length).toBeGreaterThan(5);
    // contracts and --src findings alike
    expect(paths.some((p) => p.startsWith("examples/shop-pr/contracts/"))).toBe(true);
    expect(paths.some((p) => p.startsWith("examples/shop-pr/services/"))).toBe(true);
    for (const path of paths) expect(existsSync(join(top, path)), path).toBe(true);
    expect(log.runs[0].automationDetails).toBeUndefined();
  });

  it("falls back to the working directory outside a git work tree", () => {
    const top = exampleRepo(join(parent, "plain"), false);
    const cwd = join(top, "examples/shop-pr");
    const run = cordon(ARGS, { cwd, env: { GIT_CEILING_DIRECTORIES: parent } });
    expect(run.code).toBe(1);
    const paths = uris(JSON.parse(run.stdout));
    expect(paths.some((p) => p.startsWith("contracts/"))).toBe(true);
    for (const path of paths) expect(existsSync(join(cwd, path)), path).toBe(true);
  });
});

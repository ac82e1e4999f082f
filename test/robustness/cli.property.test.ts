/**
 * Robustness, as the user sees it: the built CLI (`node dist/cli/main.js`, spawned) on mutated
 * contract sets and on hostile arguments — every command: validate, check (all formats, --src,
 * --iac, --out), build (ts, collector, --region), report (html, md, json), diff (a temporary
 * git repository), explain with odd ids, schema and init into odd targets.
 *
 * Oracles: the exit code is 0, 1 or 2, and with `--format json` the one the findings give (2
 * iff a contract/* or iac/unreadable error); stderr and stdout hold no stack frame, no JS error
 * class, no "internal error"; the planted secret (outside every contracts folder) is in no
 * output and no written file; nothing is written into the contracts folder; a run that could
 * not read its contracts never exits 0. Every run ends: HANG_GUARD_MS is a hang detector, not
 * a speed assertion (a run that blocks is killed and fails on its exit code, null).
 *
 * Replay: FC_SEED=<seed> FC_PATH=<path> npx vitest run test/robustness/cli.property.test.ts
 * (`npm run build` first: this file runs dist/). FC_RUNS=<n> for more runs.
 */
import { spawnSync } from "node:child_process";
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.js";
import { hazardArb, makeBase, placeHazard, PROJECTS, SETS, writeProject } from "./fixtures.js";
import { applyMutations, mutationsArb } from "./mutations.js";
import { problemsOfText, SECRET, unreadableFiles } from "./oracles.js";
import { replay, runs } from "./replay.js";

/** A hang detector per run, not a speed assertion. */
const HANG_GUARD_MS = 30_000;
const AS_OF = "2026-12-01";

const { base, outside, cleanup } = makeBase();
afterAll(cleanup);
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cordon(args: readonly string[], cwd: string): Run {
  const run = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, CORDON_DEBUG: undefined },
    timeout: HANG_GUARD_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: run.status, stdout: run.stdout ?? "", stderr: run.stderr ?? "" };
}

/** Every problem of one run: exit code, crash text, the secret. */
function problemsOfRun(label: string, run: Run): string[] {
  const problems: string[] = [];
  if (run.code === null) problems.push(`${label}: did not end within the hang guard (killed)`);
  else if (![0, 1, 2].includes(run.code)) problems.push(`${label}: exit code ${run.code}`);
  problems.push(...problemsOfText(`${label} stdout`, run.stdout), ...problemsOfText(`${label} stderr`, run.stderr));
  return problems;
}

/** Files under `dir` with their sizes and mtimes (to see that nothing was written there). */
function listing(dir: string): string {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const p = join(at, name);
      let stat;
      try {
        stat = lstatSync(p);
      } catch {
        continue;
      }
      out.push(`${relative(dir, p)} ${stat.size} ${stat.mtimeMs}`);
      if (stat.isDirectory() && (stat.mode & 0o444) !== 0) {
        try {
          walk(p);
        } catch {
          // unreadable folder (a hazard)
        }
      }
    }
  };
  walk(dir);
  return out.join("\n");
}

function filesHoldingSecret(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const p = join(at, name);
      const stat = lstatSync(p);
      if (stat.isDirectory()) walk(p);
      else if (stat.isFile() && readFileSync(p).includes(SECRET)) found.push(relative(dir, p));
    }
  };
  if (existsSync(dir)) walk(dir);
  return found;
}

describe("robustness: the CLI on mutated sets (spawned)", () => {
  it("every command ends, exits 0/1/2 as its findings say, never crashes, never prints or writes the secret, never writes into the contracts", () => {
    const formats = ["text", "json", "sarif", "github", "markdown"] as const;
    fc.assert(
      fc.property(
        fc.nat({ max: PROJECTS.length - 1 }),
        mutationsArb,
        fc.array(fc.tuple(hazardArb, fc.nat({ max: 1 })), { maxLength: 1 }),
        fc.constantFrom(...formats),
        fc.constantFrom("ts", "collector"),
        fc.constantFrom("html", "md", "json"),
        (p, mutations, hazards, format, target, reportFormat) => {
          const project = PROJECTS[p]!;
          const files = applyMutations(SETS[p]!, mutations);
          const { dir, root } = writeProject(base, project, files);
          hazards.forEach(([hazard, index]) => placeHazard(root, outside, hazard, index));
          const before = listing(root);
          const problems: string[] = [];
          const unreadable = unreadableFiles(files).length > 0 || hazards.length > 0;

          const validate = cordon(["validate"], dir);
          problems.push(...problemsOfRun("validate", validate));
          const json = cordon(["check", "--format", "json", "--as-of", AS_OF], dir);
          problems.push(...problemsOfRun("check --format json", json));
          if (json.code !== null) {
            const output = JSON.parse(json.stdout) as { findings: { rule: string; severity: string; waived: boolean }[] };
            const inputError = output.findings.some((f) => (f.rule.startsWith("contract/") || f.rule === "iac/unreadable") && f.severity === "error");
            const errors = output.findings.some((f) => f.severity === "error" && !f.waived);
            const expected = inputError ? 2 : errors ? 1 : 0;
            if (json.code !== expected) problems.push(`check --format json: exit ${json.code}, the findings say ${expected}`);
            if (validate.code !== (inputError ? 2 : 0)) problems.push(`validate exit ${validate.code}, check's findings say ${inputError ? 2 : 0}`);
          }
          if (unreadable && json.code !== 2) problems.push(`check exit ${json.code} on a set it could not read whole`);
          const other = cordon(["check", "--format", format, "--as-of", AS_OF], dir);
          problems.push(...problemsOfRun(`check --format ${format}`, other));
          if (other.code !== json.code) problems.push(`check --format ${format} exit ${other.code}, --format json ${json.code}`);

          const build = cordon(["build", "--target", target, "--out", "generated"], dir);
          problems.push(...problemsOfRun(`build --target ${target}`, build));
          if (json.code === 2 && build.code !== 2) problems.push(`build exit ${build.code} on contracts check could not read`);
          const report = cordon(["report", "--format", reportFormat, "--out", "out/report", "--as-of", AS_OF], dir);
          problems.push(...problemsOfRun(`report --format ${reportFormat}`, report));
          if (report.code !== json.code) problems.push(`report exit ${report.code}, check ${json.code}`);

          for (const written of [...filesHoldingSecret(join(dir, "generated")), ...filesHoldingSecret(join(dir, "out"))]) problems.push(`${written} holds the secret`);
          if (listing(root) !== before) problems.push("something was written into the contracts folder");
          expect(problems, JSON.stringify({ project: project.name, mutations, hazards, format, target, reportFormat })).toEqual([]);
        },
      ),
      { numRuns: runs(8), ...replay },
    );
  }, 60_000 + runs(8) * 15_000);
});

describe("robustness: diff of mutated sets against their unmutated base (spawned, a git repository per run)", () => {
  it("ends, exits 0 or 2 (2 when the work tree cannot be read), never crashes, never prints the secret", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: PROJECTS.length - 1 }),
        mutationsArb,
        fc.array(fc.tuple(hazardArb, fc.nat({ max: 1 })), { maxLength: 1 }),
        fc.constantFrom("text", "json", "markdown"),
        (p, mutations, hazards, format) => {
          const project = PROJECTS[p]!;
          const { dir, root } = writeProject(base, project, SETS[p]!);
          const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" } });
          git("init", "-q");
          git("add", "-A");
          git("commit", "-qm", "base");
          const files = applyMutations(SETS[p]!, mutations);
          execFileSync("rm", ["-rf", root]);
          for (const [name, bytes] of files) {
            mkdirSync(join(root, name, ".."), { recursive: true });
            writeFileSync(join(root, name), bytes);
          }
          hazards.forEach(([hazard, index]) => placeHazard(root, outside, hazard, index));
          const run = cordon(["diff", "--base", "HEAD", "--format", format, "--as-of", AS_OF], dir);
          const problems = problemsOfRun(`diff --format ${format}`, run);
          if (run.code === 1) problems.push("diff exit 1 without --fail-on-widening");
          if ((unreadableFiles(files).length > 0 || hazards.length > 0) && run.code !== 2) problems.push(`diff exit ${run.code} on a work tree it could not read whole`);
          const widening = cordon(["diff", "--base", "HEAD", "--fail-on-widening", "--as-of", AS_OF], dir);
          problems.push(...problemsOfRun("diff --fail-on-widening", widening));
          if (run.code === 2 && widening.code !== 2) problems.push(`diff --fail-on-widening exit ${widening.code}, diff ${run.code}`);
          expect(problems, JSON.stringify({ project: project.name, mutations, hazards, format })).toEqual([]);
        },
      ),
      { numRuns: runs(6), ...replay },
    );
  }, 60_000 + runs(6) * 10_000);
});

/** A project with the shop set, sources and plan, and every odd thing the arguments below point at. */
function oddProject(): string {
  const { dir, root } = writeProject(base, PROJECTS[1]!, SETS[1]!, { sources: true, infra: true });
  mkdirSync(join(dir, "folder"));
  writeFileSync(join(dir, "afile"), "not a folder\n");
  execFileSync("mkfifo", [join(dir, "fifo")]);
  symlinkSync(join(outside, "credentials"), join(dir, "link-out"));
  symlinkSync(outside, join(dir, "outside-link"));
  mkdirSync(join(dir, "out", "checkout.ts"), { recursive: true });
  mkdirSync(join(dir, "col"));
  writeFileSync(join(dir, "col", "eu-west-1"), "");
  void root;
  return dir;
}

/** Arguments a hurried or hostile user may give; each must be a clear message or findings, exit 2 where it is a usage error. */
const ODD_ARGUMENTS: readonly { readonly args: readonly string[]; readonly exit?: number }[] = [
  // --contracts that is not a folder of contracts
  { args: ["check", "--contracts", "afile"], exit: 2 },
  { args: ["check", "--contracts", "/dev/zero"], exit: 2 },
  { args: ["check", "--contracts", "fifo"], exit: 2 },
  { args: ["check", "--contracts", "no-such-folder"], exit: 2 },
  { args: ["validate", "--contracts", "link-out"], exit: 2 },
  { args: ["report", "--contracts", "fifo"], exit: 2 },
  { args: ["report", "--contracts", "afile", "--format", "md"], exit: 2 },
  { args: ["diff", "--base", "HEAD", "--contracts", "fifo"], exit: 2 },
  { args: ["build", "--contracts", "/dev/zero"], exit: 2 },
  // --src and --iac that cannot be read
  { args: ["check", "--src", "no-such-folder"], exit: 2 },
  { args: ["check", "--src", "fifo"] },
  { args: ["check", "--src", "/dev/zero"] },
  { args: ["check", "--src", "link-out"] },
  { args: ["check", "--iac", "fifo"], exit: 2 },
  { args: ["check", "--iac", "/dev/zero"], exit: 2 },
  { args: ["check", "--iac", "folder"], exit: 2 },
  { args: ["check", "--iac", "link-out"], exit: 2 },
  { args: ["check", "--iac", "no-such-plan.json"], exit: 2 },
  { args: ["report", "--format", "json", "--iac", "afile"], exit: 2 },
  // dates
  { args: ["check", "--as-of", "2026-02-30"], exit: 2 },
  { args: ["check", "--as-of", "2026-13-01"], exit: 2 },
  { args: ["check", "--as-of", ""], exit: 2 },
  { args: ["report", "--as-of", "yesterday"], exit: 2 },
  // outputs in the way
  { args: ["check", "--out", "folder"], exit: 2 },
  { args: ["check", "--out", "afile/result.json"], exit: 2 },
  { args: ["check", "--out", "contracts/result.json"], exit: 2 },
  { args: ["report", "--out", "folder"], exit: 2 },
  { args: ["build", "--out", "out"], exit: 2 },
  { args: ["build", "--out", "afile"], exit: 2 },
  { args: ["build", "--out", "contracts/generated"], exit: 2 },
  { args: ["build", "--target", "collector", "--out", "col"], exit: 2 },
  { args: ["build", "--target", "collector", "--region", "EU-WEST-1", "--out", "gw"], exit: 2 },
  { args: ["build", "--target", "collector", "--region", "__proto__", "--out", "gw"], exit: 2 },
  { args: ["build", "--target", "collector", "--region", "../../etc", "--out", "gw"], exit: 2 },
  { args: ["build", "--target", "ts", "--region", "eu-west-1"], exit: 2 },
  { args: ["build", "--target", "wasm"], exit: 2 },
  { args: ["schema", "--out", "folder"], exit: 2 },
  { args: ["schema", "--out", "afile/schema.json"], exit: 2 },
  { args: ["init", "afile"], exit: 2 },
  { args: ["init", "afile/contracts"], exit: 2 },
  { args: ["init", "contracts"], exit: 2 },
  // live-check: odd contracts, addresses and outputs (--max-time ends each run)
  { args: ["live-check", "--contracts", "fifo", "--listen", "127.0.0.1:0", "--max-time", "0.3"], exit: 2 },
  { args: ["live-check", "--listen", "127.0.0.1:99999", "--max-time", "0.3"], exit: 2 },
  { args: ["live-check", "--listen", "127.0.0.1:0", "--max-time", "0.3", "--out", "folder"], exit: 2 },
  { args: ["live-check", "--listen", "127.0.0.1:0", "--max-time", "0.3", "--out", "afile/live.json"], exit: 2 },
  // explain with odd ids
  { args: ["explain", ""], exit: 2 },
  { args: ["explain", "__proto__"], exit: 2 },
  { args: ["explain", "constructor"], exit: 2 },
  { args: ["explain", "../../etc/passwd"], exit: 2 },
  { args: ["explain", "EGRESS/RAW-EXPORT"], exit: 2 },
  { args: ["explain", "egress/"], exit: 2 },
  { args: ["explain", "x".repeat(5000)], exit: 2 },
  { args: ["explain", "egress/raw-export"], exit: 0 },
  // unknown flags and formats
  { args: ["check", "--format", "xml"], exit: 2 },
  { args: ["check", "--no-such-flag"], exit: 2 },
  { args: ["frobnicate"], exit: 2 },
];

describe("robustness: odd arguments (spawned)", () => {
  it("each is a clear message or findings with the right exit code, never a crash, never the secret, always ends", () => {
    const dir = oddProject();
    const problems: string[] = [];
    for (const { args, exit } of ODD_ARGUMENTS) {
      const label = `cordon ${args.map((a) => (a.length > 40 ? `${a.slice(0, 12)}…(${a.length})` : a)).join(" ")}`;
      const run = cordon(args, dir);
      problems.push(...problemsOfRun(label, run));
      if (exit !== undefined && run.code !== exit) problems.push(`${label}: exit ${run.code}, expected ${exit}: ${run.stderr.slice(0, 300)}`);
      if (run.code === 2 && run.stderr.trim() === "" && run.stdout.trim() === "") problems.push(`${label}: exit 2 without a word`);
    }
    expect(problems).toEqual([]);
    expect(statSync(join(dir, "afile")).isFile()).toBe(true);
  }, ODD_ARGUMENTS.length * HANG_GUARD_MS);

  it("diff: odd refs are a message and exit 2; a base holding links out of the folder never prints what they point at", () => {
    const repo = join(base, "diff-repo");
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" } });
    mkdirSync(repo);
    git("init", "-q");
    const contracts = join(repo, "contracts");
    for (const [name, bytes] of SETS[0]!) {
      mkdirSync(join(contracts, name, ".."), { recursive: true });
      writeFileSync(join(contracts, name), bytes);
    }
    symlinkSync(join(outside, "secret.yaml"), join(contracts, "leak.yaml"));
    symlinkSync("/dev/zero", join(contracts, "zero.yaml"));
    git("add", "-A");
    git("commit", "-qm", "base with links out");
    execFileSync("rm", [join(contracts, "leak.yaml"), join(contracts, "zero.yaml")]);
    writeFileSync(join(contracts, "tiers.yaml"), readFileSync(join(contracts, "tiers.yaml"), "utf8").replace(/rto: \d+m/, "rto: 1m"));
    git("add", "-A");
    git("commit", "-qm", "head");
    const problems: string[] = [];
    for (const ref of ["HEAD~1", "HEAD~9", "no-such-branch", "--evil", "HEAD~1:contracts", "../x", "x".repeat(300), ":/base"]) {
      for (const format of ["text", "json", "markdown"]) {
        const run = cordon(["diff", "--base", ref, "--format", format, "--as-of", AS_OF], repo);
        problems.push(...problemsOfRun(`diff --base ${ref.slice(0, 20)} --format ${format}`, run));
        if (ref !== "HEAD~1" && run.code !== 2) problems.push(`diff --base ${ref.slice(0, 20)}: exit ${run.code}`);
      }
    }
    expect(problems).toEqual([]);
  }, 24 * HANG_GUARD_MS);
});



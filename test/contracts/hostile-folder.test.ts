/**
 * Issue 12: a contracts folder from a hostile (or hurried) pull request. Each case builds its
 * own folder; every case runs the built CLI in every format and must end (a spawn timeout
 * turns a hang into a failure) with the right exit code, and no byte of anything outside the
 * folder may appear in any output: the outside files hold a planted token the test greps for.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { REPO, VALID } from "./helpers.js";

const MAIN = join(REPO, "dist/cli/main.js");
const FORMATS = ["text", "json", "sarif", "github", "markdown"] as const;
const TOKEN = "ghp_PLANTEDt0kenNEVERprinted9f3a";
/** A hang guard, not a timing assertion: a run that blocks is killed and fails on its exit code. */
const HANG_GUARD_MS = 20_000;

const base = mkdtempSync(join(tmpdir(), "cordon-hostile-"));
const servers: Server[] = [];
beforeAll(() => {
  if (!existsSync(MAIN)) spawnSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: REPO, stdio: "ignore" });
  // Outside every contracts folder: a file and a folder that must never be read or printed.
  writeFileSync(join(base, "credentials"), `[default]\naws_secret_access_key = ${TOKEN}\n`);
  mkdirSync(join(base, "outside"));
  writeFileSync(join(base, "outside", "secret.yaml"), `apiVersion: cordon/v1\nkind: Sink\nname: ${TOKEN}\n`);
  mkdirSync(join(base, "shared-services"));
  writeFileSync(join(base, "shared-services", "leaky.yaml"), violatingService(TOKEN));
});
afterAll(() => {
  for (const server of servers) server.close();
  chmodAll(base);
  rmSync(base, { recursive: true, force: true });
});

/** A valid contract set in a fresh folder, plus `build(dir)` applied. */
function folder(name: string, build: (dir: string) => void = () => {}): string {
  const dir = join(base, name, "contracts");
  mkdirSync(dir, { recursive: true });
  cpSync(VALID, dir, { recursive: true });
  build(dir);
  return dir;
}

/** A service that breaks residency (personal data stored in the US): exit 1 if it were read. */
function violatingService(name: string): string {
  return [
    "apiVersion: cordon/v1",
    "kind: Service",
    `name: ${name.toLowerCase().replace(/[^a-z0-9-]/g, "-")}`,
    "owner: team-x",
    "tier: tier-1",
    "region: eu-west-1",
    "stores:",
    "  - { name: leak-db, kind: database, regions: [us-east-1], classes: [personal] }",
    "",
  ].join("\n");
}

interface Run {
  readonly code: number | null;
  readonly out: string;
}

function cordon(args: readonly string[], asUser?: number): Run {
  const run = spawnAs([MAIN, ...args], asUser);
  return { code: run.status, out: run.stdout + run.stderr };
}

/** `node <args>` in the hostile base folder, as `asUser` when given, killed by the hang guard (per run). */
function spawnAs(args: readonly string[], asUser?: number, runs = 1) {
  const command = asUser === undefined ? [process.execPath, ...args] : ["setpriv", `--reuid=${asUser}`, `--regid=${asUser}`, "--clear-groups", process.execPath, ...args];
  return spawnSync(command[0]!, command.slice(1), {
    cwd: base,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: HANG_GUARD_MS * runs,
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * Several CLI runs in one process (issue 15: a node start per format was most of this file's
 * CPU): the built cli/main.js is imported with the first run's argv (its top level runs it, as
 * `node main.js …` does), then its `main(argv)` runs the others. A hang in any run still trips
 * the guard. Each run's stdout and stderr come back between markers, with its exit code.
 */
const RUNS_IN_ONE_PROCESS = `
import { pathToFileURL } from "node:url";
const [cli, ...runs] = process.argv.slice(1).map((a, i) => (i === 0 ? a : JSON.parse(a)));
const mark = (text) => { process.stdout.write(text); process.stderr.write(text); };
const codes = [];
mark("\\n@@cordon-run\\n");
process.argv = [process.argv[0], cli, ...runs[0]];
const { main } = await import(pathToFileURL(cli).href);
codes.push(process.exitCode);
for (const args of runs.slice(1)) {
  process.exitCode = undefined;
  mark("\\n@@cordon-run\\n");
  codes.push(await main([process.argv[0], cli, ...args]));
}
mark("\\n@@cordon-run\\n");
process.stdout.write(JSON.stringify(codes));
process.exitCode = 0;
`;

function cordonRuns(runs: readonly (readonly string[])[], asUser?: number): Run[] {
  const child = spawnAs(["--input-type=module", "-e", RUNS_IN_ONE_PROCESS, MAIN, ...runs.map((r) => JSON.stringify(r))], asUser, runs.length);
  const marker = "\n@@cordon-run\n";
  const stdout = child.stdout.split(marker);
  const stderr = child.stderr.split(marker);
  // a hang, a crash or a stack trace: every run fails with what the process said
  if (child.status !== 0 || stdout.length !== runs.length + 2 || stderr.length !== runs.length + 2) {
    return runs.map(() => ({ code: child.status, out: child.stdout + child.stderr }));
  }
  const codes = JSON.parse(stdout[runs.length + 1]!) as (number | null)[];
  return runs.map((_, i) => ({ code: codes[i] ?? null, out: stdout[i + 1]! + stderr[i + 1]! }));
}

/** `check` in every format: the exit code, the rule in the output, nothing of the token. */
function expectEveryFormat(dir: string, code: number, rule: string, mention?: string, asUser?: number): void {
  const runs = cordonRuns(FORMATS.map((format) => ["check", "--contracts", dir, "--format", format, "--as-of", "2026-11-21"]), asUser);
  for (const [i, format] of FORMATS.entries()) {
    const run = runs[i]!;
    expect(run.code, `${format}: ${run.out.slice(0, 3000)}`).toBe(code);
    expect(run.out, format).toContain(rule);
    if (mention) expect(run.out, format).toContain(mention);
    expect(run.out, format).not.toContain(TOKEN);
    expect(run.out, format).not.toContain("aws_secret_access_key");
    expect(run.out, format).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m); // no stack trace
    expect(run.out, format).not.toContain("\u0000");
  }
  const validate = cordon(["validate", "--contracts", dir], asUser);
  expect(validate.code, validate.out).toBe(2);
  expect(validate.out).not.toContain(TOKEN);
}

describe("hostile contracts folders: a finding and exit 2, no hang, no leak", () => {
  test("a link to /dev/zero", () => {
    expectEveryFormat(folder("zero", (d) => symlinkSync("/dev/zero", join(d, "zero.yaml"))), 2, "contract/yaml", "zero.yaml");
  });
  test("a link to /dev/urandom", () => {
    expectEveryFormat(folder("urandom", (d) => symlinkSync("/dev/urandom", join(d, "random.yaml"))), 2, "contract/yaml", "random.yaml");
  });
  test("a FIFO named like a contract (and a link to it)", () => {
    const dir = folder("fifo", (d) => {
      expect(spawnSync("mkfifo", [join(d, "pipe.yaml")]).status).toBe(0);
      symlinkSync("pipe.yaml", join(d, "pipe-link.yaml"));
    });
    expectEveryFormat(dir, 2, "contract/yaml", "pipe.yaml");
    const run = cordon(["check", "--contracts", dir, "--format", "json"]);
    const files = (JSON.parse(run.out) as { findings: { file: string; message: string }[] }).findings.map((f) => f.message);
    expect(files.some((m) => m.includes("pipe.yaml is a FIFO"))).toBe(true);
    expect(files.some((m) => m.includes("pipe-link.yaml is a symbolic link to a FIFO"))).toBe(true);
  });
  test("a socket named like a contract", async () => {
    const dir = folder("socket");
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(join(dir, "socket.yaml"), resolve));
    expectEveryFormat(dir, 2, "contract/yaml", "socket.yaml is a socket");
  });
  test("a link to a credentials file outside the folder", () => {
    expectEveryFormat(folder("cred-link", (d) => symlinkSync(join(base, "credentials"), join(d, "config.yaml"))), 2, "contract/yaml", "config.yaml is a symbolic link to a file outside");
  });
  test("a relative link to a contract-shaped file outside the folder", () => {
    expectEveryFormat(folder("yaml-link", (d) => symlinkSync("../../outside/secret.yaml", join(d, "secret.yaml"))), 2, "contract/yaml", "secret.yaml");
  });
  test("a link to a folder outside, and a symlinked sub-folder holding a violation", () => {
    expectEveryFormat(folder("folder-link", (d) => symlinkSync(join(base, "outside"), join(d, "vendor"))), 2, "contract/yaml", "vendor is a symbolic link to a folder outside");
    // contracts/shared -> ../shared-services: before, skipped without a word and exit 0.
    expectEveryFormat(folder("shared", (d) => symlinkSync("../../shared-services", join(d, "shared"))), 2, "contract/yaml", "shared is a symbolic link to a folder outside");
  });
  test("a link loop: a link to itself, two links to each other, a folder link to its parent", () => {
    const dir = folder("loop", (d) => {
      symlinkSync("self.yaml", join(d, "self.yaml"));
      symlinkSync("b.yaml", join(d, "a.yaml"));
      symlinkSync("a.yaml", join(d, "b.yaml"));
      symlinkSync("..", join(d, "services", "up"));
    });
    expectEveryFormat(dir, 2, "contract/yaml", "self.yaml is a symbolic link loop");
    const run = cordon(["validate", "--contracts", dir]);
    expect(run.out).toContain("services/up is a symbolic link to a folder that contains it");
    expect(run.out).toContain("a.yaml is a symbolic link loop");
  });
  test("links inside the folder are followed: a file and a sub-folder (each file read once)", () => {
    const dir = folder("inside-links", (d) => {
      mkdirSync(join(d, "real"));
      writeFileSync(join(d, "real", "leak.yaml"), violatingService("inside"));
      symlinkSync("real", join(d, "alias"));
      symlinkSync("real/leak.yaml", join(d, "leak-link.yaml"));
    });
    const run = cordon(["check", "--contracts", dir, "--format", "json", "--as-of", "2026-11-21"]);
    expect(run.code, run.out).toBe(1); // the violation is seen, and no duplicate-name from reading it twice
    const findings = (JSON.parse(run.out) as { findings: { rule: string }[] }).findings;
    expect(findings.map((f) => f.rule)).toContain("residency/store");
    expect(findings.map((f) => f.rule)).not.toContain("contract/duplicate-name");
  });
  test("control bytes in a contract: a finding, and never a raw byte in any format", () => {
    const dir = folder("control", (d) =>
      writeFileSync(join(d, "evil.yaml"), 'apiVersion: cordon/v1\nkind: Sink\nname: "a\u001b]0;pwned\u0007"\nregion: x\u001b[2J\nendpoint: https://x.example\nsignals: [traces]\n'),
    );
    expectEveryFormat(dir, 2, "contract/yaml", "control character");
    for (const format of FORMATS) {
      const run = cordon(["check", "--contracts", dir, "--format", format]);
      expect(run.out, format).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    }
  });
  test("20,000 one-line errors in one file", () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `  k${i % 2}: ${i}`);
    const dir = folder("many", (d) => writeFileSync(join(d, "many.yaml"), `apiVersion: cordon/v1\nkind: Tiers\ntiers: []\nx:\n${lines.join("\n")}\n`));
    expectEveryFormat(dir, 2, "contract/duplicate-key");
    const run = cordon(["check", "--contracts", dir, "--format", "json"]);
    const report = JSON.parse(run.out) as { findings: { rule: string }[] };
    expect(report.findings.filter((f) => f.rule === "contract/duplicate-key")).toHaveLength(19_998);
  });
  test("an unreadable sub-folder holding a violation (run as a user who cannot read it)", () => {
    const dir = folder("locked", (d) => {
      mkdirSync(join(d, "team-x"));
      writeFileSync(join(d, "team-x", "leak.yaml"), violatingService("locked"));
    });
    const root = process.getuid?.() === 0;
    // root reads any folder: the run is done as `nobody`, who can read everything but team-x.
    if (root) chmodAll(base, 0o755);
    chmodSync(join(dir, "team-x"), 0o000);
    try {
      expectEveryFormat(dir, 2, "contract/yaml", "team-x could not be read", root ? 65534 : undefined);
    } finally {
      chmodSync(join(dir, "team-x"), 0o755);
    }
  });
});

/** Make `dir` and everything under it traversable (for `nobody`, and for cleanup). */
function chmodAll(dir: string, mode = 0o755): void {
  spawnSync("chmod", ["-R", mode.toString(8), dir]);
  spawnSync("chmod", ["-R", "a+r", dir]);
}

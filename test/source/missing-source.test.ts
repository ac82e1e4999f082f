/**
 * SPEC §3.4 source/missing-source and literal-path-first `source:` entries, end to end on
 * the built CLI: an entry that matches nothing fails the gate (exit 1) instead of passing
 * by scanning nothing; an entry naming an existing folder is that folder even when its
 * name is glob syntax (`app/[slug]`, a Next.js route).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { REPO, VALID } from "../contracts/helpers.js";

const MAIN = join(REPO, "dist/cli/main.js");
const base = mkdtempSync(join(tmpdir(), "cordon-missing-source-"));
beforeAll(() => {
  if (!existsSync(MAIN)) spawnSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: REPO, stdio: "ignore" });
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const EMITS = 'import { trace } from "@opentelemetry/api";\nconst span = trace.getTracer("t").startSpan("checkout.place_order");\nspan.setAttribute("user.phone", "1");\n';

/** A project: the valid contracts with checkout's `source:` set to `source`, and these files. */
function project(name: string, source: string, files: Record<string, string>): string {
  const root = join(base, name);
  cpSync(VALID, join(root, "contracts"), { recursive: true });
  const service = join(root, "contracts", "services", "checkout.yaml");
  writeFileSync(service, readFileSync(service, "utf8").replace("source: [services/checkout/src]", `source: [${JSON.stringify(source)}]`));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function check(root: string): { code: number | null; findings: { rule: string; subject: string; file: string; line: number }[]; out: string } {
  const run = spawnSync(process.execPath, [MAIN, "check", "--contracts", "contracts", "--src", "--format", "json", "--as-of", "2026-11-21"], { cwd: root, encoding: "utf8", timeout: 60_000 });
  const findings = run.status !== null && run.stdout.startsWith("{") ? (JSON.parse(run.stdout) as { findings: { rule: string; subject: string; file: string; line: number }[] }).findings : [];
  return { code: run.status, findings, out: run.stdout + run.stderr };
}

describe("source/missing-source", () => {
  test("an entry that matches nothing exits 1 with source/missing-source at the entry", () => {
    const run = check(project("missing", "services/checkout/src", {}));
    expect(run.code, run.out).toBe(1);
    const missing = run.findings.filter((f) => f.rule === "source/missing-source");
    expect(missing.map((f) => [f.subject, f.file, f.line])).toEqual([["checkout/source:services/checkout/src", "contracts/services/checkout.yaml", 7]]);
  });
  test("a folder with no TypeScript or JavaScript in it matches nothing too", () => {
    const run = check(project("empty", "services/checkout/src", { "services/checkout/src/README.md": "# nothing to scan\n" }));
    expect(run.code, run.out).toBe(1);
    expect(run.findings.map((f) => f.rule)).toContain("source/missing-source");
  });
  test("a glob that matches no file", () => {
    const run = check(project("glob", "services/*/src", { "services/checkout/lib/index.ts": EMITS }));
    expect(run.findings.map((f) => f.subject)).toContain("checkout/source:services/*/src");
  });
  test("an entry with files is scanned and not reported", () => {
    const run = check(project("present", "services/checkout/src", { "services/checkout/src/index.ts": EMITS }));
    expect(run.findings.map((f) => f.rule)).not.toContain("source/missing-source");
    expect(run.findings.map((f) => f.rule)).toContain("source/undeclared-field");
  });
});

describe("literal paths first", () => {
  test("`app/[slug]` is that folder, not a character class", () => {
    const run = check(
      project("next", "app/[slug]", {
        "app/[slug]/page.ts": EMITS,
        "app/s/page.ts": EMITS.replace("user.phone", "user.shoe_size"), // what `[slug]` would match as a glob
      }),
    );
    expect(run.code, run.out).toBe(1);
    expect(run.findings.map((f) => f.rule)).not.toContain("source/missing-source");
    const undeclared = run.findings.filter((f) => f.rule === "source/undeclared-field");
    expect(undeclared.map((f) => f.subject)).toEqual([expect.stringMatching(/^checkout\/span:checkout\.place_order\/user\.phone @ app\/\[slug\]\/page\.ts$/)]);
  });
  test("an entry that names nothing is a glob: `app/*/page.ts`", () => {
    const run = check(project("glob-next", "app/*/page.ts", { "app/[slug]/page.ts": EMITS, "app/other/page.ts": EMITS }));
    expect(run.findings.filter((f) => f.rule === "source/undeclared-field")).toHaveLength(2);
  });
});

describe("a folder under `source:` that cannot be read", () => {
  // root reads every folder, so as root the run is done as `nobody` (65534), who can read all but the locked one
  const asNobody = process.getuid?.() === 0;
  /** `check --src` of the project, as `nobody` when run as root; it must exit 1. */
  function checkAsNobody(root: string): { findings: { rule: string; subject: string; message: string }[]; missing: { rule: string; subject: string; message: string }[] } {
    const args = [MAIN, "check", "--contracts", "contracts", "--src", "--format", "json", "--as-of", "2026-11-21"];
    const command = asNobody ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, ...args] : [process.execPath, ...args];
    if (asNobody) chmodSync(base, 0o755);
    const run = spawnSync(command[0]!, command.slice(1), { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(run.status, run.stdout + run.stderr).toBe(1);
    const findings = (JSON.parse(run.stdout) as { findings: { rule: string; subject: string; message: string }[] }).findings;
    return { findings, missing: findings.filter((f) => f.rule === "source/missing-source") };
  }
  test("is source/missing-source naming the folder, not a silent skip (the readable files are still scanned)", () => {
    const root = project("locked", "services/checkout/src", {
      "services/checkout/src/ok.ts": EMITS,
      "services/checkout/src/locked/hidden.ts": EMITS.replace("user.phone", "user.ssn"),
      "services/checkout/src/sealed.ts": EMITS.replace("user.phone", "user.ssn"),
    });
    chmodSync(join(root, "services/checkout/src/locked"), 0o000);
    chmodSync(join(root, "services/checkout/src/sealed.ts"), 0o000);
    try {
      const { findings, missing } = checkAsNobody(root);
      expect(missing.map((f) => f.subject)).toEqual(["checkout/source:services/checkout/src"]);
      expect(missing[0]!.message).toContain("`locked` could not be read");
      expect(missing[0]!.message).toContain("`sealed.ts` could not be read");
      expect(findings.map((f) => f.subject)).toContainEqual(expect.stringMatching(/user\.phone @ services\/checkout\/src\/ok\.ts$/));
    } finally {
      chmodSync(join(root, "services/checkout/src/locked"), 0o755);
    }
  });
  test("under a glob entry, an unreadable folder the glob could match inside is named; one it cannot is not", () => {
    const root = project("locked-glob", "services/*/src/**/*.ts", {
      "services/checkout/src/ok.ts": EMITS,
      "services/payments/src/hidden.ts": EMITS.replace("user.phone", "user.ssn"),
      "services/checkout/docs/notes.ts": EMITS.replace("user.phone", "user.ssn"),
    });
    const locked = [join(root, "services/payments"), join(root, "services/checkout/docs")];
    for (const folder of locked) chmodSync(folder, 0o000);
    try {
      const { findings, missing } = checkAsNobody(root);
      expect(missing.map((f) => f.subject)).toEqual(["checkout/source:services/*/src/**/*.ts"]);
      // `services/payments` may hold `services/payments/src/…/*.ts`: named
      expect(missing[0]!.message).toContain("`payments` could not be read");
      // `services/checkout/docs` cannot hold a match (`docs` is not `src`): not a finding
      expect(missing[0]!.message).not.toContain("docs");
      expect(findings.map((f) => f.subject)).toContainEqual(expect.stringMatching(/user\.phone @ services\/checkout\/src\/ok\.ts$/));
    } finally {
      for (const folder of locked) chmodSync(folder, 0o755);
    }
  });
});

describe("what under `source:` cannot be seen is named, never skipped", () => {
  const TOKEN = "ghp_planted0123456789abcdefTOKEN";
  const outside = mkdtempSync(join(tmpdir(), "cordon-source-outside-"));
  writeFileSync(join(outside, "secret.ts"), `export const token = "${TOKEN}";\nspan.setAttribute("user.ssn", token);\n`);
  afterAll(() => rmSync(outside, { recursive: true, force: true }));

  function linked(name: string, source: string, extra: Record<string, string> = {}): string {
    const root = project(name, source, { "services/checkout/src/ok.ts": EMITS, "shared/telemetry.ts": EMITS.replace("user.phone", "user.shoe_size"), ...extra });
    const src = join(root, "services/checkout/src");
    symlinkSync("/dev/zero", join(src, "zero.ts"));
    symlinkSync(join(outside, "secret.ts"), join(src, "secret.ts"));
    symlinkSync(outside, join(src, "vendor"));
    symlinkSync(join(src, "nowhere.ts"), join(src, "dangling.ts"));
    symlinkSync(join(src, "b.ts"), join(src, "a.ts"));
    symlinkSync(join(src, "a.ts"), join(src, "b.ts"));
    symlinkSync("..", join(src, "up"));
    symlinkSync(join(root, "shared/telemetry.ts"), join(src, "shared.ts"));
    symlinkSync(join(outside, "secret.ts"), join(src, "Dockerfile")); // a configuration file, read for preloads
    spawnSync("mkfifo", [join(src, "fifo.ts")]);
    return root;
  }

  for (const [kind, source] of [
    ["a folder entry", "services/checkout/src"],
    ["a glob entry", "services/checkout/sr*"],
  ] as const) {
    test(`${kind}: links out, to devices, dangling, loops and FIFOs are source/missing-source; links inside are scanned`, () => {
      const run = check(linked(kind.replace(/ /g, "-"), source));
      expect(run.code, run.out).toBe(1);
      const missing = run.findings.filter((f) => f.rule === "source/missing-source");
      expect(missing.map((f) => f.subject)).toEqual([`checkout/source:${source}`]);
      const message = (missing[0] as unknown as { message: string }).message;
      for (const [path, why] of [
        ["zero.ts", "is a link out of the project"],
        ["secret.ts", "is a link out of the project"],
        ["vendor", "is a link out of the project"],
        ["dangling.ts", "is a link to nothing"],
        ["a.ts", "is a link loop"],
        ["fifo.ts", "is not a regular file"],
        ["Dockerfile", "is a link out of the project"],
      ] as const) {
        expect(message).toMatch(new RegExp("`(?:src/)?" + path.replace(".", "\\.") + "` " + why));
      }
      // the link back up (`up -> ..`) ends where it was already read: not a finding, not a hang
      expect(message).not.toContain("`up`");
      // a file linked from inside the project is read under its own name
      const subjects = run.findings.map((f) => f.subject);
      expect(subjects).toContainEqual(expect.stringMatching(/user\.shoe_size @ services\/checkout\/src\/shared\.ts$/));
      expect(subjects).toContainEqual(expect.stringMatching(/user\.phone @ services\/checkout\/src\/ok\.ts$/));
      // nothing of a target outside the project is read or printed
      expect(run.out).not.toContain(TOKEN);
      expect(subjects.join("\n")).not.toContain("user.ssn");
    });
  }

  test("--src DIR judges the same way", () => {
    const root = linked("src-dir", "services/checkout/src");
    const run = spawnSync(process.execPath, [MAIN, "check", "--contracts", "contracts", "--src", "services/checkout/src", "--format", "json", "--as-of", "2026-11-21"], {
      cwd: root,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status, run.stdout + run.stderr).toBe(1);
    const findings = (JSON.parse(run.stdout) as { findings: { rule: string; message: string }[] }).findings;
    const missing = findings.filter((f) => f.rule === "source/missing-source");
    expect(missing).toHaveLength(1);
    expect(missing[0]!.message).toContain("`zero.ts` is a link out of the project");
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });
});

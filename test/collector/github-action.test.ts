/**
 * action.yml: a composite action whose inputs are all declared and used, whose scripts get
 * inputs only through `env:`, that uploads SARIF before failing, comments once by a marker and
 * replays the check's exit code — checked on the parsed YAML and by running its scripts.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";

const REPO = join(import.meta.dirname, "..", "..");

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(await readFile(join(REPO, "action.yml"), "utf8")) as Action;
const text = await readFile(join(REPO, "action.yml"), "utf8");
const step = (id: string): Step => action.runs.steps.find((s) => s.id === id)!;

describe("action.yml", () => {
  it("is a composite action", () => {
    expect(action.runs.using).toBe("composite");
    for (const s of action.runs.steps) if (s.run) expect(s.shell).toBe("bash");
  });

  it("declares every input it uses and uses every input it declares", () => {
    const used = new Set([...text.matchAll(/inputs\.([a-z-]+)/g)].map((m) => m[1]!));
    expect([...used].sort()).toEqual(Object.keys(action.inputs).sort());
  });

  it("never interpolates ${{ }} into a shell script (inputs go through env)", () => {
    for (const s of action.runs.steps) if (s.run) expect(s.run, s.name).not.toContain("${{");
  });

  it("runs the check as SARIF, uploads it even when the check failed, then gates on the check's exit code", () => {
    const check = step("check");
    expect(check.run).toContain("--format sarif --out cordon.sarif");
    expect(check.run).toContain("set +e");
    const steps = action.runs.steps;
    const upload = steps.findIndex((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
    expect(upload).toBeGreaterThan(steps.indexOf(check));
    expect(steps[upload]!.if).toContain("always()");
    expect(steps[upload]!.with!.sarif_file).toBe("${{ steps.check.outputs.sarif-file }}");
    const gate = steps.at(-1)!;
    expect(gate.env!.EXIT_CODE).toBe("${{ steps.check.outputs.exit-code }}");
    expect(gate.run).toContain('exit "${EXIT_CODE');
    expect(action.outputs["exit-code"]!.value).toBe("${{ steps.check.outputs.exit-code }}");
  });

  it("posts or updates ONE comment, found by a hidden marker, with check and diff in Markdown", () => {
    const markdown = step("markdown");
    expect(markdown.run).toContain("--format markdown --out cordon-check.md");
    expect(markdown.run).toMatch(/diff --base "\$base".*--format markdown --out cordon-diff\.md/);
    const comment = action.runs.steps.find((s) => s.uses?.startsWith("actions/github-script@"))!;
    const script = comment.with!.script!;
    expect(script).toContain("<!-- cordon-report -->");
    expect(script).toContain("updateComment");
    expect(script).toContain("createComment");
  });

  describe("its scripts, run", () => {
    const dirs: string[] = [];
    afterAll(async () => {
      for (const d of dirs) await rm(d, { recursive: true, force: true });
    });

    /** A stand-in for cordon that writes --out and exits with $FAKE_EXIT, logging its argv. */
    async function fakeCordon(dir: string): Promise<string> {
      const file = join(dir, "fake-cordon.mjs");
      await writeFile(
        file,
        `import { appendFileSync, writeFileSync } from "node:fs";
const argv = process.argv.slice(2);
appendFileSync(${JSON.stringify(join(dir, "argv.log"))}, JSON.stringify(argv) + "\\n");
const out = argv.indexOf("--out");
if (out >= 0) writeFileSync(argv[out + 1], "{}");
process.exit(Number(process.env.FAKE_EXIT ?? 0));`,
      );
      return file;
    }

    for (const exit of [0, 1, 2]) {
      it(`records exit ${exit} without failing, and the gate replays it`, async () => {
        const dir = await mkdtemp(join(tmpdir(), "cordon-action-"));
        dirs.push(dir);
        const output = join(dir, "github-output");
        await writeFile(output, "");
        const env = {
          ...process.env,
          FAKE_EXIT: String(exit),
          CORDON: await fakeCordon(dir),
          CONTRACTS: "contracts",
          SRC: "services/a services/b",
          STRICT: "true",
          WORKDIR: ".",
          GITHUB_OUTPUT: output,
        };
        const run = spawnSync("bash", ["-e", "-c", step("check").run!], { cwd: dir, env, encoding: "utf8" });
        expect(run.status).toBe(0);
        const outputs = await readFile(output, "utf8");
        expect(outputs).toContain(`exit-code=${exit}\n`);
        expect(outputs).toContain("sarif-file=./cordon.sarif");
        const argv = JSON.parse((await readFile(join(dir, "argv.log"), "utf8")).trim()) as string[];
        expect(argv).toEqual(["check", "--contracts", "contracts", "--format", "sarif", "--out", "cordon.sarif", "--src", "services/a", "services/b", "--strict"]);

        const gate = spawnSync("bash", ["-e", "-c", action.runs.steps.at(-1)!.run!], { env: { ...process.env, EXIT_CODE: String(exit) } });
        expect(gate.status).toBe(exit);
      });
    }
  });
});

describe("docs/github-action.md", () => {
  it("shows a complete workflow with the permissions and the full history the action needs", async () => {
    const doc = await readFile(join(REPO, "docs", "github-action.md"), "utf8");
    const block = /```yaml\n([\s\S]*?)```/.exec(doc)![1]!;
    const workflow = parse(block) as {
      on: unknown;
      permissions: Record<string, string>;
      jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>;
    };
    expect(workflow.permissions).toEqual({ contents: "read", "security-events": "write", "pull-requests": "write" });
    const steps = Object.values(workflow.jobs)[0]!.steps;
    expect(steps[0]!.uses).toBe("actions/checkout@v4");
    expect(steps[0]!.with!["fetch-depth"]).toBe(0);
    const ours = steps.find((s) => s.uses?.includes("cordon"))!;
    for (const key of Object.keys(ours.with ?? {})) expect(Object.keys(action.inputs)).toContain(key);
  });
});


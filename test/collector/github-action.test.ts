/**
 * action.yml: a composite action whose inputs are all declared and used, whose scripts get
 * inputs only through `env:`, that uploads SARIF before failing, comments once by a marker and
 * replays the check's exit code — checked on the parsed YAML, by running its scripts, and by
 * running all its steps with GitHub's step semantics (action-runner.ts) against the real CLI,
 * with the upload and the comment refused as on a fork: the job's result is the gate's.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync as readFileSyncNow, writeFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { runComposite, type ActionDefinition, type JobResult, type UsesHandler } from "./action-runner.js";

const REPO = join(import.meta.dirname, "..", "..");

interface Step {
  name?: string;
  id?: string;
  if?: string;
  "continue-on-error"?: boolean;
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
    expect(gate.if).toBe("${{ always() }}");
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
  it("lists every input with its default", async () => {
    const doc = await readFile(join(REPO, "docs", "github-action.md"), "utf8");
    for (const [name, input] of Object.entries(action.inputs)) {
      const row = new RegExp(`^\\| \`${name}\` \\| ([^|]*) \\|`, "m").exec(doc);
      expect(row, name).not.toBeNull();
      if (input.default) expect(row![1], name).toContain(input.default);
    }
  });

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


describe("action.yml's steps, run as a job runs them", () => {
  const CLI = join(REPO, "dist", "cli", "main.js");
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  /** A small contract set with no dates in it (so the outcome does not depend on today). */
  function contracts(sinks: string): string {
    return [
      "apiVersion: cordon/v1\nkind: DataClasses\nclasses:\n  - { name: internal, level: 1 }\n  - { name: personal, level: 2, redaction: hash }",
      'apiVersion: cordon/v1\nkind: Residency\nregions: { eu-west-1: { jurisdiction: EU }, us-east-1: { jurisdiction: US } }\nrules:\n  - { class: personal, allowed_in: [EU], redacted_allowed_in: [EU] }\n  - { class: internal, allowed_in: ["*"] }\ndefault: deny',
      "apiVersion: cordon/v1\nkind: Tiers\ntiers:\n  - { name: tier-2, rto: 24h, rpo: 24h }",
      "apiVersion: cordon/v1\nkind: Sink\nname: eu-collector\nregion: eu-west-1\nendpoint: https://otel.eu.example:4318\nsignals: [traces]",
      "apiVersion: cordon/v1\nkind: Sink\nname: us-vendor\nregion: us-east-1\nendpoint: https://otel.us.example:4318\nsignals: [traces]",
      `apiVersion: cordon/v1\nkind: Service\nname: shop\nowner: team-shop\ntier: tier-2\nregion: eu-west-1\ndeployment: { regions: [eu-west-1], strategy: backup-restore, backup: { interval: 1h, regions: [eu-west-1] } }\ntelemetry:\n  sinks: [${sinks}]\n  spans:\n    - name: shop.order\n      attributes:\n        order.id: { class: internal, type: string }\n        user.email: { class: personal, type: string }`,
    ].join("\n---\n");
  }
  const SETS = {
    clean: contracts("eu-collector"), // exit 0
    violating: contracts("eu-collector, us-vendor"), // egress/forbidden-sink: exit 1
    unreadable: "apiVersion: cordon/v1\nkind: Tiers\ntiers: [\n", // contract/yaml: exit 2
  } as const;

  /**
   * A workspace with the contracts, and a stand-in `npm` on PATH: the registry is not reachable
   * from a test, so `npm install cordon@…` links this repository's build (the same dist/ the
   * package ships) into the prefix, or fails like a registry outage when asked to.
   */
  async function workspace(set: keyof typeof SETS, npmFails = false): Promise<{ dir: string; bin: string; npmLog: string }> {
    const dir = await mkdtemp(join(tmpdir(), "cordon-job-"));
    dirs.push(dir);
    mkdirSync(join(dir, "work", "contracts"), { recursive: true });
    writeFileSync(join(dir, "work", "contracts", "set.yaml"), SETS[set]);
    const bin = join(dir, "bin");
    mkdirSync(bin);
    const npmLog = join(dir, "npm.log");
    writeFileSync(
      join(bin, "npm"),
      `#!/usr/bin/env bash
echo "$*" >> ${JSON.stringify(npmLog)}
${npmFails ? 'echo "npm error code E503" >&2; exit 1' : ""}
prefix=""
while [ $# -gt 0 ]; do if [ "$1" = "--prefix" ]; then prefix="$2"; shift 2; else shift; fi; done
mkdir -p "$prefix/node_modules" && ln -sfn ${JSON.stringify(REPO)} "$prefix/node_modules/cordon"
`,
    );
    chmodSync(join(bin, "npm"), 0o755);
    return { dir, bin, npmLog };
  }

  interface Calls {
    uploads: string[];
    comments: { method: string; body?: string }[];
  }

  /**
   * GitHub's side, as a fork's pull request sees it: the token is read-only, so code scanning
   * refuses the upload (403 "Resource not accessible by integration") and so does the comments
   * API. With a write token both succeed. The comment script really runs (node:vm is not
   * needed: it is an async function of github, context and require, as actions/github-script
   * calls it).
   */
  function github(token: "read-only" | "write", calls: Calls): Record<string, UsesHandler> {
    const refused = () => Object.assign(new Error("Resource not accessible by integration"), { status: 403 });
    return {
      "actions/setup-node": async ({ with: w }) => ({ ok: w["node-version"] === "24" }),
      "github/codeql-action/upload-sarif": async ({ with: w, workspace }) => {
        // what the upload would send must exist and be SARIF 2.1.0
        const sarif = JSON.parse(readFileSyncNow(join(workspace, w.sarif_file!), "utf8")) as { version: string };
        expect(sarif.version).toBe("2.1.0");
        if (token === "read-only") return { ok: false };
        calls.uploads.push(w.sarif_file!);
        return { ok: true };
      },
      "actions/github-script": async ({ with: w, env, workspace }) => {
        expect(w["github-token"]).toBe(token);
        const api = async (method: string, params: { body?: string }) => {
          if (token === "read-only" && method !== "listComments") throw refused();
          calls.comments.push({ method, ...(params.body !== undefined ? { body: params.body } : {}) });
          return { data: [] };
        };
        const client = {
          paginate: async () => calls.comments.filter((c) => c.method === "createComment").map((c, i) => ({ id: i + 1, body: c.body })),
          rest: {
            issues: {
              listComments: (p: { body?: string }) => api("listComments", p),
              createComment: (p: { body?: string }) => api("createComment", p),
              updateComment: (p: { body?: string }) => api("updateComment", p),
            },
          },
        };
        const context = { repo: { owner: "o", repo: "r" }, issue: { number: 7 } };
        const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;
        const script = new AsyncFunction("github", "context", "require", "process", w.script!);
        const previous = process.cwd();
        process.chdir(workspace);
        try {
          await script(client, context, (id: string) => (id === "node:fs" ? { existsSync, readFileSync: readFileSyncNow } : id === "node:path" ? { join } : undefined), {
            env: { ...env },
          });
          return { ok: true };
        } catch {
          return { ok: false };
        } finally {
          process.chdir(previous);
        }
      },
    };
  }

  async function job(
    set: keyof typeof SETS,
    options: { token?: "read-only" | "write"; npmFails?: boolean; inputs?: Record<string, string> } = {},
  ): Promise<{ result: JobResult; calls: Calls; npmLog: string; dir: string }> {
    expect(existsSync(CLI), "run `npm run build` first").toBe(true);
    const { dir, bin, npmLog } = await workspace(set, options.npmFails);
    const calls: Calls = { uploads: [], comments: [] };
    const token = options.token ?? "read-only";
    const result = await runComposite(action as unknown as ActionDefinition, {
      inputs: { "working-directory": "work", ...options.inputs },
      github: { event_name: "pull_request", base_ref: "main", token, action_path: REPO },
      workspace: dir,
      uses: github(token, calls),
      env: { PATH: `${bin}:${process.env.PATH}`, NO_COLOR: "1" },
    });
    return { result, calls, npmLog, dir };
  }

  const gate = (result: JobResult) => result.steps.at(-1)!;
  const named = (result: JobResult, prefix: string) => result.steps.find((s) => s.name.startsWith(prefix))!;

  it.each([
    ["clean", 0],
    ["violating", 1],
    ["unreadable", 2],
  ] as const)("a fork's pull request on the %s set: upload and comment refused, the job's result is the gate's exit %i", async (set, exit) => {
    const { result, calls, npmLog } = await job(set);
    expect(gate(result).outcome).toBe(exit === 0 ? "success" : "failure");
    expect(gate(result).exitCode).toBe(exit);
    expect(result.conclusion).toBe(exit === 0 ? "success" : "failure");
    // the upload and the comment really ran and were refused, without deciding anything
    expect(named(result, "Upload SARIF").outcome).toBe("failure");
    expect(named(result, "Upload SARIF").conclusion).toBe("success");
    expect(named(result, "Post or update").outcome).toBe("failure");
    expect(named(result, "Post or update").conclusion).toBe("success");
    expect(calls.uploads).toEqual([]);
    // only the gate can fail the job
    expect(result.steps.filter((s) => s.conclusion === "failure").map((s) => s.name)).toEqual(exit === 0 ? [] : [gate(result).name]);
    // cordon comes from the registry at this action's version, without dev dependencies or a build
    const version = (JSON.parse(readFileSyncNow(join(REPO, "package.json"), "utf8")) as { version: string }).version;
    const install = readFileSyncNow(npmLog, "utf8");
    expect(install).toContain(`cordon@${version}`);
    expect(install).toContain("--omit=dev");
    expect(install).not.toMatch(/\bci\b|run build/);
  });

  it("with a write token the SARIF is uploaded and ONE comment is posted, naming the finding", async () => {
    const { result, calls } = await job("violating", { token: "write" });
    expect(result.conclusion).toBe("failure");
    expect(gate(result).exitCode).toBe(1);
    expect(calls.uploads).toEqual(["work/cordon.sarif"]);
    const posted = calls.comments.filter((c) => c.method === "createComment");
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body).toContain("<!-- cordon-report -->");
    expect(posted[0]!.body).toContain("egress/forbidden-sink");
    expect(result.steps.filter((s) => s.outcome === "failure").map((s) => s.name)).toEqual([gate(result).name]);
  });

  it("upload-sarif: false and comment: false skip them", async () => {
    const { result } = await job("clean", { inputs: { "upload-sarif": "false", comment: "false" } });
    expect(named(result, "Upload SARIF").outcome).toBe("skipped");
    expect(named(result, "cordon check and diff").outcome).toBe("skipped");
    expect(named(result, "Post or update").outcome).toBe("skipped");
    expect(result.conclusion).toBe("success");
  });

  it("when cordon cannot be installed, the gate still runs and fails the job (never a pass by omission)", async () => {
    const { result } = await job("clean", { npmFails: true });
    expect(named(result, "Install cordon").outcome).toBe("failure");
    expect(named(result, "cordon check (SARIF)").outcome).toBe("skipped");
    expect(gate(result).exitCode).toBe(2);
    expect(result.conclusion).toBe("failure");
  });
});

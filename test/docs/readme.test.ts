/**
 * The README as a new user follows it, against the built CLI (dist/):
 *
 * - every `npx cordon …` line of a ```sh block that ends in `# exit N` (after the quickstart's
 *   `npm ci && npm run build &&`) runs from the repository root and exits N;
 * - every ```text block that starts with `$ npx cordon …` is that command's real output: the
 *   lines before a `…` line are the output's first lines, the lines after it its last ones
 *   (all of it when there is no `…`);
 * - the quickstart never depends on today's date: each `check` or `report` it shows on the
 *   examples passes `--as-of`, so it stays true after the example's waiver expires (a mutation
 *   that drops the flag makes the date test fail, whatever the date);
 * - the ```ts block of "From JavaScript" runs against the package's own `import("cordon")`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, REPO } from "../helpers/cli.js";

const README = readFileSync(join(REPO, "README.md"), "utf8");
const blocks = (lang: string): string[] => [...README.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]!);

/** `npx cordon a b "c d"` → ["a", "b", "c d"] (the README's commands use plain words and double quotes). */
function argv(command: string): string[] {
  const words = [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
  expect(words.slice(0, 2)).toEqual(["npx", "cordon"]);
  return words.slice(2);
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}
/** Runs by command line: a command both shown with its exit code and as a sample runs once. */
const runs = new Map<string, Run>();

function cordon(args: readonly string[]): Run {
  const key = JSON.stringify(args);
  const known = runs.get(key);
  if (known) return known;
  const run = spawnSync(process.execPath, [CLI, ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined },
    timeout: 120_000,
  });
  const result = { code: run.status, stdout: run.stdout, stderr: run.stderr };
  runs.set(key, result);
  return result;
}

const commands = blocks("sh")
  .flatMap((block) => block.split("\n"))
  .map((line) => /^(?:npm [^#]*?&&\s*)?(npx cordon .*?)\s+# exit (\d)\b/.exec(line))
  .filter((m): m is RegExpExecArray => m !== null)
  .map((m) => ({ command: m[1]!, exit: Number(m[2]) }));

const samples = blocks("text")
  .filter((block) => block.startsWith("$ npx cordon "))
  .map((block) => {
    const [first, ...rest] = block.replace(/\n$/, "").split("\n");
    const cut = rest.indexOf("…");
    return { command: first!.slice(2), head: cut < 0 ? rest : rest.slice(0, cut), tail: cut < 0 ? undefined : rest.slice(cut + 1) };
  });

describe("README", () => {
  it("shows the quickstart, the failing pull request, diff and samples as commands that can be checked", () => {
    expect(commands.map((c) => c.command.split(" ").slice(0, 3).join(" "))).toEqual(
      expect.arrayContaining(["npx cordon check", "npx cordon diff"]),
    );
    expect(commands.find((c) => c.command.includes("examples/shop/contracts --src"))?.exit).toBe(0);
    expect(commands.find((c) => c.command.includes("examples/shop-pr/contracts --src"))?.exit).toBe(1);
    expect(samples.length).toBeGreaterThanOrEqual(2);
  });

  it("judges the examples' dated facts as of a fixed day wherever it checks them", () => {
    for (const { command } of [...commands, ...samples]) {
      if (/^npx cordon (check|report|diff) /.test(command)) expect(command, command).toMatch(/--as-of \d{4}-\d{2}-\d{2}\b/);
    }
  });

  it.each(commands)("`$command` exits $exit", ({ command, exit }) => {
    const run = cordon(argv(command));
    expect(run.code, run.stdout + run.stderr).toBe(exit);
    expect(run.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });

  it.each(samples)("the output shown for `$command` is its real output", ({ command, head, tail }) => {
    const lines = cordon(argv(command)).stdout.replace(/\n$/, "").split("\n");
    if (tail === undefined) {
      expect(lines).toEqual(head);
      return;
    }
    expect(lines.slice(0, head.length)).toEqual(head);
    expect(lines.slice(lines.length - tail.length)).toEqual(tail);
  });

  describe("From JavaScript", () => {
    const dir = join(REPO, ".cordon-tmp");
    mkdirSync(dir, { recursive: true });
    const temp = mkdtempSync(join(dir, "readme-api-"));
    afterAll(() => rmSync(temp, { recursive: true, force: true }));

    it("runs against the package's own import(\"cordon\") and prints the check as Markdown with exit 0", () => {
      const section = README.slice(README.indexOf("## From JavaScript"));
      const snippet = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
      // plain JavaScript as written; inside the package folder, "cordon" is the package itself
      const file = join(temp, "snippet.mjs");
      writeFileSync(file, snippet);
      const run = spawnSync(process.execPath, [file], { cwd: REPO, encoding: "utf8", timeout: 120_000 });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain("catalog -> search"); // the waived finding, in the Markdown
      expect(run.stdout.trimEnd().endsWith(" 0")).toBe(true);
    });
  });
});

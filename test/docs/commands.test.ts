/**
 * docs/commands/*.md against the CLI they document.
 *
 * 1. Flags: every command cli/main.ts registers has a page; the page names each of the
 *    command's flags, choices and defaults; and no page mentions a flag its command (or the
 *    `cordon <command>` invocation the flag is part of) does not have. cli/main.ts cannot be
 *    imported (it runs the CLI on import), so its `program.command("…")` calls are read as text.
 * 2. Examples: every ```sh block runs as a bash script from the repository root, the way a
 *    user pastes it. `npx cordon …` lines run the built CLI (dist/) and must exit as their
 *    trailing `# exit N` says; other lines are setup and must succeed; a line whose comment
 *    says `# not run` is skipped. Outputs (`--out`, `init`'s folder, `build`'s default
 *    `generated/`) go to a temp folder, the same path throughout the block; lines expected
 *    to exit 2 run as written and must not create their output.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { CLI, REPO } from "../helpers/cli.js";

const run = promisify(execFile);
const PAGES_DIR = join(REPO, "docs/commands");
const INDEX_PAGE = "README.md";
/** Flags every command has (commander adds them). */
const COMMON_FLAGS: ReadonlySet<string> = new Set(["--help"]);

// ---------------------------------------------------------------------------------------
// What cli/main.ts registers

interface OptionSpec {
  readonly flag: string;
  readonly choices: readonly string[];
  readonly defaultValue?: string;
}

interface ArgumentSpec {
  readonly name: string;
  readonly defaultValue?: string;
}

interface CommandSpec {
  readonly name: string;
  readonly options: readonly OptionSpec[];
  readonly args: readonly ArgumentSpec[];
}

const STRING = String.raw`"(?:[^"\\]|\\.)*"`;
const OPTION_DECLARATION = new RegExp(
  String.raw`(?:new Option|\.option|\.requiredOption)\(\s*"(--[a-z][a-z-]*)[^"]*"\s*,\s*${STRING}\s*(?:,\s*"([^"]*)")?\s*\)`,
  "g",
);
const ARGUMENT_DECLARATION = new RegExp(String.raw`\.argument\(\s*"[<\[](\w+)[^"]*"\s*,\s*${STRING}\s*(?:,\s*"([^"]*)")?\s*\)`, "g");

/** Options declared in a piece of cli/main.ts, with the choices and default of each chain. */
function optionsIn(text: string): OptionSpec[] {
  const declarations = [...text.matchAll(OPTION_DECLARATION)];
  return declarations.map((match, i) => {
    const end = declarations[i + 1]?.index ?? text.length;
    const chain = text.slice(match.index + match[0].length, end);
    const listed = /\.choices\(\[([^\]]*)\]\)/.exec(chain)?.[1] ?? "";
    const defaultValue = match[2] ?? /\.default\("([^"]*)"\)/.exec(chain)?.[1];
    return {
      flag: match[1]!,
      choices: [...listed.matchAll(/"([^"]*)"/g)].map((m) => m[1]!),
      ...(defaultValue !== undefined ? { defaultValue } : {}),
    };
  });
}

function registeredCommands(main: string): Map<string, CommandSpec> {
  // `const contractsOption = () => new Option(…)…;`: options shared by several commands
  const helpers = new Map<string, OptionSpec[]>();
  for (const m of main.matchAll(/const (\w+) = \(\) =>([\s\S]*?);\n/g)) helpers.set(m[1]!, optionsIn(m[2]!));

  const commands = new Map<string, CommandSpec>();
  const starts = [...main.matchAll(/\.command\("([a-z][a-z-]*)"\)/g)];
  for (const start of starts) {
    const rest = main.slice(start.index);
    const body = rest.slice(0, rest.indexOf(".action("));
    const options = optionsIn(body);
    for (const call of body.matchAll(/\b(\w+)\(\)/g)) options.push(...(helpers.get(call[1]!) ?? []));
    const args = [...body.matchAll(ARGUMENT_DECLARATION)].map((m) => ({
      name: m[1]!,
      ...(m[2] !== undefined ? { defaultValue: m[2] } : {}),
    }));
    commands.set(start[1]!, { name: start[1]!, options, args });
  }
  return commands;
}

// ---------------------------------------------------------------------------------------
// What the pages say

interface Block {
  readonly lang: string;
  /** 1-based page line of each content line */
  readonly lines: readonly { readonly text: string; readonly at: number }[];
}

interface Page {
  readonly file: string;
  readonly text: string;
  readonly blocks: readonly Block[];
  /** the page without its fenced blocks */
  readonly prose: string;
}

function readPage(file: string): Page {
  const text = readFileSync(join(PAGES_DIR, file), "utf8");
  const blocks: Block[] = [];
  const prose: string[] = [];
  let open: { indent: number; lang: string; lines: { text: string; at: number }[] } | undefined;
  text.split("\n").forEach((line, i) => {
    const fence = /^(\s*)```(\S*)\s*$/.exec(line);
    if (open === undefined && fence) open = { indent: fence[1]!.length, lang: fence[2]!, lines: [] };
    else if (open !== undefined && fence && fence[2] === "") {
      blocks.push({ lang: open.lang, lines: open.lines });
      open = undefined;
    } else if (open !== undefined) open.lines.push({ text: line.slice(Math.min(open.indent, line.search(/\S|$/))), at: i + 1 });
    else prose.push(line);
  });
  expect(open, `${file}: a fenced block is not closed`).toBeUndefined();
  return { file, text, blocks, prose: prose.join("\n") };
}

const FLAG = /--[a-z][a-z-]*/g;

/** `cordon <command> …` up to the end of the line, a comment, an inline-code end or a table cell. */
function invocations(text: string, commands: ReadonlyMap<string, CommandSpec>): { command: string; rest: string; whole: string }[] {
  const names = [...commands.keys()].join("|");
  return [...text.matchAll(new RegExp(String.raw`\bcordon\s+(${names})\b([^\n\`#|]*)`, "g"))].map((m) => ({
    command: m[1]!,
    rest: m[2]!,
    whole: m[0],
  }));
}

/** Flags a page mentions that do not belong where they are mentioned. */
function foreignFlags(page: Page, own: ReadonlySet<string>, commands: ReadonlyMap<string, CommandSpec>): string[] {
  const flagsOf = (name: string) => new Set(commands.get(name)!.options.map((o) => o.flag));
  const problems: string[] = [];
  const checkInvocations = (text: string): string => {
    let remaining = text;
    for (const call of invocations(text, commands)) {
      const allowed = flagsOf(call.command);
      for (const flag of call.rest.match(FLAG) ?? []) {
        if (!allowed.has(flag) && !COMMON_FLAGS.has(flag)) problems.push(`\`cordon ${call.command}\` has no ${flag}: ${call.whole.trim()}`);
      }
      remaining = remaining.replace(call.whole, "");
    }
    return remaining;
  };
  const checkBare = (text: string) => {
    for (const flag of text.match(FLAG) ?? []) {
      if (!own.has(flag) && !COMMON_FLAGS.has(flag)) problems.push(`${flag} is not a flag of this page's command`);
    }
  };

  checkBare(checkInvocations(page.prose));
  for (const block of page.blocks) {
    if (block.lang === "sh") {
      // other tools' lines (git, cp) have their own flags; cordon lines are checked
      for (const { text } of block.lines) if (/^npx cordon\b/.test(text)) checkBare(checkInvocations(text));
    } else {
      // outputs may quote any flag; a synopsis may wrap: `cordon check [--contracts DIR]\n    [--out FILE]`
      checkInvocations(block.lines.map((l) => l.text).join("\n").replace(/\n\s+(?=\[)/g, " "));
    }
  }
  return problems;
}

/** The codes listed in the page's "## Exit codes" table. */
function documentedExitCodes(page: Page): Set<number> {
  const section = /^## Exit codes\n([\s\S]*?)(?=^## )/m.exec(page.text)?.[1] ?? "";
  return new Set([...section.matchAll(/^\| (\d) \|/gm)].map((m) => Number(m[1])));
}

// ---------------------------------------------------------------------------------------
// Running the examples

type Step =
  | { readonly kind: "setup"; readonly id: number; readonly at: number; readonly text: string }
  | {
      readonly kind: "cordon";
      readonly id: number;
      readonly at: number;
      readonly text: string;
      readonly expected: number;
      /** outputs that must exist afterwards (exit 0/1) or must not have been created (exit 2) */
      readonly outputs: readonly { readonly path: string; readonly existedBefore: boolean }[];
    };

const NOT_RUN = /#[^#]*\bnot run\b/;
const EXIT = /#\s*exit\s+(\d+)\b/;

/** Split a shell line into its words (quotes kept) and its trailing comment. */
function shellWords(line: string): { words: string[]; comment: string } {
  const words: string[] = [];
  const pattern = /"[^"]*"|'[^']*'|#.*$|\S+/g;
  let comment = "";
  for (const m of line.matchAll(pattern)) {
    if (m[0].startsWith("#")) comment = m[0];
    else words.push(m[0]);
  }
  return { words, comment };
}

interface Plan {
  readonly script: string;
  readonly steps: readonly Step[];
  readonly problems: readonly string[];
}

/** A bash script for one ```sh block, with its outputs moved under `outRoot`. */
function planBlock(page: Page, block: Block, commands: ReadonlyMap<string, CommandSpec>, outRoot: string, log: string): Plan {
  const steps: Step[] = [];
  const problems: string[] = [];
  const moved = new Map<string, string>(); // word as written → quoted temp path
  const script = [
    "set -eo pipefail",
    `__cordon() { local id=$1; shift; local code=0; ${q(process.execPath)} ${q(CLI)} "$@" >${q(log)}/$id.out 2>${q(log)}/$id.err || code=$?; echo "$id $code" >>${q(log)}/codes; }`,
  ];

  for (const { text, at } of block.lines) {
    const line = text.trim();
    const id = steps.length;
    if (line === "" || line.startsWith("#")) continue;
    if (NOT_RUN.test(line)) continue;
    if (line.endsWith("\\")) problems.push(`${page.file}:${at}: continued lines are not run; write one command a line`);
    if (!line.startsWith("npx cordon") && /\bnpx cordon\b/.test(line)) {
      problems.push(`${page.file}:${at}: \`npx cordon\` must start the line (or mark it \`# not run\`): ${line}`);
      continue;
    }
    if (!line.startsWith("npx cordon")) {
      steps.push({ kind: "setup", id, at, text: line });
      script.push(`echo ${id} >${q(log)}/at`, line);
      continue;
    }
    const { words, comment } = shellWords(line);
    const exit = EXIT.exec(comment);
    if (!exit) {
      problems.push(`${page.file}:${at}: an example needs a trailing \`# exit N\` (or \`# not run\`): ${line}`);
      continue;
    }
    const expected = Number(exit[1]);
    const args = words.slice(2).map((word) => moved.get(word) ?? word);
    const command = commands.get(args[0] ?? "");
    const outputs: { path: string; existedBefore: boolean }[] = [];
    const moveTo = (written: string): string => {
      const target = join(outRoot, String(id), basename(unquote(written)));
      const quoted = q(target);
      moved.set(written, quoted);
      outputs.push({ path: target, existedBefore: false });
      return quoted;
    };
    const writes = expected !== 2; // exit 2 writes nothing: run it as written and check that
    const outAt = args.indexOf("--out");
    if (outAt > 0 && args[outAt + 1] !== undefined) {
      const written = words[outAt + 3]!; // as typed, before any mapping
      if (writes && !moved.has(written)) args[outAt + 1] = moveTo(written);
      else if (!writes && !written.includes("$")) {
        const path = resolve(REPO, unquote(written));
        outputs.push({ path, existedBefore: existsSync(path) });
      }
    } else if (writes && command?.options.some((o) => o.flag === "--out" && o.defaultValue !== undefined)) {
      const fallback = command.options.find((o) => o.flag === "--out")!.defaultValue!;
      args.push("--out", moved.get(fallback) ?? moveTo(fallback));
    }
    if (command?.name === "init" && writes) {
      const dirAt = args.findIndex((a, i) => i > 0 && !a.startsWith("-"));
      if (dirAt < 0) args.push(moved.get(command.args[0]?.defaultValue ?? "contracts") ?? moveTo(command.args[0]?.defaultValue ?? "contracts"));
      else if (!args[dirAt]!.startsWith("'/")) args[dirAt] = moved.get(words[dirAt + 2]!) ?? moveTo(words[dirAt + 2]!);
    }
    steps.push({ kind: "cordon", id, at, text: line, expected, outputs });
    script.push(`mkdir -p ${q(join(outRoot, String(id)))}`, `__cordon ${id} ${args.join(" ")}`);
  }
  return { script: script.join("\n") + "\n", steps, problems };
}

function q(path: string): string {
  return `'${path.replace(/'/g, `'\\''`)}'`;
}

function unquote(word: string): string {
  return /^(["']).*\1$/.test(word) ? word.slice(1, -1) : word;
}

interface BlockRun {
  readonly failures: readonly string[];
  readonly ran: number;
}

async function runBlock(page: Page, block: Block, commands: ReadonlyMap<string, CommandSpec>): Promise<BlockRun> {
  const work = mkdtempSync(join(tmpdir(), "cordon-docs-"));
  const log = join(work, "log");
  const plan = planBlock(page, block, commands, join(work, "out"), log);
  if (plan.problems.length > 0) return { failures: plan.problems, ran: 0 };
  writeFileSync(join(work, "block.sh"), plan.script);
  mkdirSync(log, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  const failures: string[] = [];
  try {
    await run("bash", [join(work, "block.sh")], { cwd: REPO, env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const at = existsSync(join(log, "at")) ? Number(readFileSync(join(log, "at"), "utf8")) : -1;
    const step = plan.steps.find((s) => s.id === at);
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    failures.push(`${page.file}:${step?.at ?? "?"}: setup failed: ${step?.text ?? ""}\n${stderr.trim()}`);
  }
  const codes = new Map<number, number>();
  if (existsSync(join(log, "codes"))) {
    for (const row of readFileSync(join(log, "codes"), "utf8").trim().split("\n")) {
      const [id, code] = row.split(" ").map(Number);
      codes.set(id!, code!);
    }
  }
  let ran = 0;
  for (const step of plan.steps) {
    if (step.kind !== "cordon") continue;
    const code = codes.get(step.id);
    if (code === undefined) {
      if (failures.length === 0) failures.push(`${page.file}:${step.at}: did not run: ${step.text}`);
      continue;
    }
    ran++;
    if (code !== step.expected) {
      const stderr = readFileSync(join(log, `${step.id}.err`), "utf8").trim().split("\n").slice(-6).join("\n");
      failures.push(`${page.file}:${step.at}: exited ${code}, the page says ${step.expected}: ${step.text}\n${stderr}`);
    }
    for (const output of step.outputs) {
      if (step.expected !== 2 && !existsSync(output.path)) failures.push(`${page.file}:${step.at}: wrote no ${basename(output.path)}: ${step.text}`);
      if (step.expected === 2 && !output.existedBefore && existsSync(output.path)) {
        failures.push(`${page.file}:${step.at}: exited 2 but created ${output.path}: ${step.text}`);
      }
    }
  }
  return { failures, ran };
}

// ---------------------------------------------------------------------------------------

const commands = registeredCommands(readFileSync(join(REPO, "cli/main.ts"), "utf8"));
const files = readdirSync(PAGES_DIR).filter((f) => f.endsWith(".md"));
const commandPages = files.filter((f) => f !== INDEX_PAGE);

describe("docs/commands: flags as cli/main.ts registers them", () => {
  it("reads the commands and their options from cli/main.ts", () => {
    expect([...commands.keys()].sort()).toEqual(["build", "check", "diff", "explain", "init", "live-check", "report", "schema", "validate"]);
    const format = commands.get("check")!.options.find((o) => o.flag === "--format");
    expect(format).toEqual({ flag: "--format", choices: ["text", "json", "sarif", "github", "markdown"], defaultValue: "text" });
    expect(commands.get("build")!.options.find((o) => o.flag === "--out")?.defaultValue).toBe("generated");
    expect(commands.get("diff")!.options.map((o) => o.flag)).toContain("--contracts");
    expect(commands.get("init")!.args).toEqual([{ name: "dir", defaultValue: "contracts" }]);
  });

  it("has one page per command, and no page for a command that does not exist", () => {
    expect(commandPages.map((f) => f.replace(/\.md$/, "")).sort()).toEqual([...commands.keys()].sort());
  });

  it.each([...commands])("%s.md: every flag, choice and default; no flag it lacks; 0/1/2 exits", (_name, command) => {
    const page = readPage(`${command.name}.md`);
    expect(page.text, "a synopsis").toMatch(new RegExp(String.raw`^cordon ${command.name}\b`, "m"));
    for (const option of command.options) {
      expect(page.text, `${option.flag}`).toContain(`\`${option.flag}\``);
      for (const choice of option.choices) expect(page.text, `${option.flag} choice ${choice}`).toContain(`\`${choice}\``);
      if (option.defaultValue !== undefined) expect(page.text, `${option.flag} default`).toContain(`\`${option.defaultValue}\``);
    }
    for (const arg of command.args) {
      if (arg.defaultValue !== undefined) expect(page.text, `[${arg.name}] default`).toContain(`\`${arg.defaultValue}\``);
    }
    const own = new Set(command.options.map((o) => o.flag));
    expect(foreignFlags(page, own, commands)).toEqual([]);

    const documented = documentedExitCodes(page);
    expect(documented.size, "an exit-code table").toBeGreaterThan(0);
    for (const code of documented) expect([0, 1, 2]).toContain(code);
    const stated = [...page.text.matchAll(/^npx cordon .*#\s*exit\s+(\d+)/gm)].map((m) => Number(m[1]));
    expect(stated.length, "at least two examples marked `# exit N`").toBeGreaterThanOrEqual(2);
    for (const code of stated) expect(documented, `# exit ${code} is in the exit-code table`).toContain(code);
  });

  it("the index names only flags some command has", () => {
    if (!files.includes(INDEX_PAGE)) return;
    const every = new Set([...commands.values()].flatMap((c) => c.options.map((o) => o.flag)));
    expect(foreignFlags(readPage(INDEX_PAGE), every, commands)).toEqual([]);
  });
});

describe.concurrent("docs/commands: every example runs as written", () => {
  it("finds the built CLI", () => {
    expect(existsSync(CLI), `${CLI} is missing: run \`npm run build\``).toBe(true);
  });

  it.each(files)("%s", async (file) => {
    const page = readPage(file);
    const failures: string[] = page.blocks
      .filter((b) => b.lang !== "sh")
      .flatMap((b) => b.lines.filter((l) => /^\s*npx cordon\b/.test(l.text)))
      .map((l) => `${file}:${l.at}: an example outside a \`\`\`sh block is never run`);
    let ran = 0;
    for (const block of page.blocks.filter((b) => b.lang === "sh")) {
      const result = await runBlock(page, block, commands);
      failures.push(...result.failures);
      ran += result.ran;
    }
    expect(failures).toEqual([]);
    if (file !== INDEX_PAGE) expect(ran, "examples run").toBeGreaterThanOrEqual(2);
  }, 120_000);
});

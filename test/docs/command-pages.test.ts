/**
 * docs/commands/: a page for every command cli/main.ts registers, every flag of the command
 * on its page, and every example marked `# exit N` run as written (outputs to a temp folder).
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cordon, REPO } from "../helpers/cli.js";

const main = readFileSync(join(REPO, "cli/main.ts"), "utf8");

/** command name → its flags, read from the `program.command("…")` blocks of cli/main.ts. */
function registeredCommands(): Map<string, string[]> {
  const commands = new Map<string, string[]>();
  const blocks = main.split(/program\s*\n?\s*\.command\(/).slice(1);
  for (const block of blocks) {
    const name = /^"([a-z]+)"/.exec(block)![1]!;
    const body = block.slice(0, block.indexOf(".action("));
    const flags = [...body.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]);
    if (body.includes("contractsOption()")) flags.push("--contracts");
    if (body.includes("asOfOption()")) flags.push("--as-of");
    commands.set(name, [...new Set(flags)]);
  }
  return commands;
}

const pages = readdirSync(join(REPO, "docs/commands")).filter((f) => f.endsWith(".md"));

describe("docs/commands", () => {
  const commands = registeredCommands();

  it("has a page for every command", () => {
    expect(commands.size).toBeGreaterThanOrEqual(8);
    for (const name of commands.keys()) expect(pages, name).toContain(`${name}.md`);
  });

  it.each([...commands])("%s.md names every flag of the command", (name, flags) => {
    const page = readFileSync(join(REPO, "docs/commands", `${name}.md`), "utf8");
    for (const flag of flags) expect(page, `${name}.md lacks ${flag}`).toContain(`\`${flag}\``);
  });

  const examples = pages.flatMap((page) =>
    readFileSync(join(REPO, "docs/commands", page), "utf8")
      .split("\n")
      .map((line) => /^npx cordon (.+?)\s+# exit (\d)\s*$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [page, m[1]!, Number(m[2])] as const),
  );

  it("has runnable examples", () => expect(examples.length).toBeGreaterThan(8));

  it.each(examples)("%s: `cordon %s` exits %d", (_page, command, code) => {
    const out = mkdtempSync(join(tmpdir(), "cordon-doc-"));
    const args = command.split(/\s+/).map((arg, i, all) => (all[i - 1] === "--out" ? join(out, arg) : arg));
    expect(cordon(args).code).toBe(code);
  });
});

/**
 * `cordon init [DIR]`: write a starter contract set. Never overwrites: when any of its files
 * exists already, nothing is written and the command exits 2.
 */
import { access, mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { STARTER } from "../init/templates.js";

export async function run(_options: Record<string, unknown>, args: string[]): Promise<number> {
  const given = args[0] ?? "contracts";
  const root = resolve(process.cwd(), given);
  const targets = STARTER.map((template) => ({ ...template, target: join(root, template.path) }));
  const existing: string[] = [];
  for (const { target } of targets) {
    if (await exists(target)) existing.push(relative(process.cwd(), target) || target);
  }
  if (existing.length > 0) {
    process.stderr.write(`cordon init: not overwriting existing files:\n${existing.map((f) => `  ${f}`).join("\n")}\nnothing was written; choose another folder: cordon init DIR\n`);
    return 2;
  }
  try {
    for (const { target, text } of targets) {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, text, { flag: "wx" }); // wx: fail rather than overwrite a file created meanwhile
    }
  } catch (error) {
    process.stderr.write(`cordon init: cannot write into ${given}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return 2;
  }
  process.stdout.write(
    `wrote a starter contract set to ${given}/ (${targets.length} files)\nnext: cordon validate --contracts ${given}\n`,
  );
  return 0;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

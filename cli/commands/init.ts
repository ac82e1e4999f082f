/**
 * `cordon init [DIR]`: write a starter contract set. Never overwrites: when any of its files
 * exists already, nothing is written and the command exits 2.
 *
 * Each file starts with a yaml-language-server line pointing at the schema this cordon ships
 * (`node_modules/cordon/schema/cordon-v1.json` when installed), by a path relative to the file:
 * editors then check contracts offline, against the version the project runs.
 */
import { access, mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { STARTER } from "../init/templates.js";
import { PACKAGE_ROOT } from "../version.js";

export async function run(_options: Record<string, unknown>, args: string[]): Promise<number> {
  const given = args[0] ?? "contracts";
  const root = resolve(process.cwd(), given);
  const schema = PACKAGE_ROOT === undefined ? undefined : join(PACKAGE_ROOT, "schema", "cordon-v1.json");
  const withSchema = schema !== undefined && (await exists(schema));
  const targets = STARTER.map((template) => {
    const target = join(root, template.path);
    const line = withSchema ? `# yaml-language-server: $schema=${relative(dirname(target), schema).split(sep).join("/")}\n` : "";
    return { target, text: line + template.text };
  });
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

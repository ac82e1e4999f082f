/** `cordon schema [--out FILE]`: the JSON Schema of contract files, for editors. */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { editorSchema } from "../../contracts/schema/index.js";

export interface SchemaFlags {
  out?: string;
}

export async function run(options: SchemaFlags): Promise<number> {
  const text = JSON.stringify(editorSchema(), null, 2) + "\n";
  if (options.out === undefined || options.out === "-") {
    process.stdout.write(text);
    return 0;
  }
  const target = resolve(process.cwd(), options.out);
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
  } catch (error) {
    process.stderr.write(`cordon schema: cannot write ${options.out}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return 2;
  }
  process.stderr.write(`wrote ${options.out}\n`);
  return 0;
}

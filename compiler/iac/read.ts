/**
 * `--iac FILE…` → an inventory of resources. Every file is read whole but only after its
 * size is checked; one that cannot be read as Terraform JSON becomes a problem naming the
 * file (never quoting it), and the others are still read.
 */
import { readFile, stat } from "node:fs/promises";
import { MAX_IAC_FILE_BYTES, MAX_IAC_RESOURCES } from "./limits.js";
import type { IacInventory, IacProblem, IacResource } from "./model.js";
import { NotTerraformJson, resourcesOf, type PlanSide } from "./terraform-json.js";

export async function readIac(files: readonly string[], side: PlanSide = "planned"): Promise<IacInventory> {
  const resources: IacResource[] = [];
  const problems: IacProblem[] = [];
  for (const file of files) {
    const problem = await readOne(file, resources, side);
    if (problem) problems.push(problem);
  }
  return { files, resources, problems };
}

async function readOne(file: string, into: IacResource[], side: PlanSide): Promise<IacProblem | undefined> {
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) return { file, message: "it is not a regular file", hint: "give the path of a JSON file" };
    if (info.size > MAX_IAC_FILE_BYTES) {
      return {
        file,
        message: `it is ${megabytes(info.size)}, over the ${megabytes(MAX_IAC_FILE_BYTES)} cordon reads`,
        hint: "check each workspace's plan in its own run, or leave out `prior_state` with a plan of only the changes",
      };
    }
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { file, message: code === "ENOENT" ? "it does not exist" : `it cannot be read (${code ?? "I/O error"})`, hint: "check the path given to --iac" };
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text around the error: keep only the position.
    const text = String((error as Error).message);
    const position = /position (\d+)/.exec(text)?.[1];
    const where = position !== undefined ? ` (syntax error at character ${position})` : /end of JSON input/.test(text) ? " (it ends before its JSON does)" : "";
    return {
      file,
      message: `it is not JSON${where}`,
      hint: "give the output of `terraform show -json` (a binary plan file must go through `terraform show -json` first)",
    };
  }
  try {
    for (const resource of resourcesOf(document, file, MAX_IAC_RESOURCES - into.length, side)) into.push(resource);
    return undefined;
  } catch (error) {
    if (error instanceof NotTerraformJson) return { file, message: error.message, hint: error.hint };
    throw error;
  }
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

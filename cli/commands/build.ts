/**
 * `cordon build [--contracts DIR] [--out DIR] [--target ts|collector] [--region R]` (SPEC §4).
 *
 * `ts`: one typed, redacting telemetry module per service, `<out>/<service>.ts` (default
 * `generated/`). `collector`: the OpenTelemetry Collector configuration of each regional
 * gateway, `<out>/<region>/otelcol.yaml` (only R's with `--region R`), and the Collector Builder
 * manifest `<out>/builder-config.yaml`, written by compiler/collector/ (loaded only when asked for). Exit 0 on success; 2 when the contracts
 * cannot be read or validated, or on a usage error (an output folder inside the contracts, an
 * --out that is a file, or a file or folder in the way of what build writes under it).
 * Nothing is ever written into the contracts folder.
 */
import { mkdir, stat, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import type { ContractSet } from "../../contracts/model.js";
import { loadContractSet } from "../../contracts/load.js";
import { formatText } from "../../compiler/format/text.js";
import { isInside, useColor } from "../shared/options.js";
import { writeProblem } from "../shared/write-problem.js";
import { VERSION } from "../version.js";
import { toResult } from "./validate.js";

export interface BuildFlags {
  contracts?: string;
  out?: string;
  target?: "ts" | "collector";
  region?: string;
}

const EXIT_OK = 0;
const EXIT_USAGE = 2;

function shown(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === "" ? "." : rel.startsWith("..") ? path : rel;
}

async function buildTs(set: ContractSet, outDir: string, cwd: string): Promise<number> {
  const { generateModules } = await import("../../compiler/codegen/index.js");
  const modules = generateModules(set, VERSION);
  await mkdir(outDir, { recursive: true });
  for (const module of modules) {
    const path = join(outDir, module.fileName);
    await writeFile(path, module.text, "utf8");
    process.stdout.write(`wrote ${shown(cwd, path)}\n`);
  }
  if (modules.length === 0) process.stdout.write("no services: nothing to generate\n");
  return EXIT_OK;
}

/** `--target collector`: one gateway configuration per region, or R's (compiler/collector). */
async function buildCollector(set: ContractSet, outDir: string, cwd: string, region: string | undefined): Promise<number> {
  const { generateCollectorConfig } = await import("../../compiler/collector/index.js");
  try {
    const { files } = await generateCollectorConfig(set, { out: outDir, ...(region !== undefined ? { region } : {}) });
    for (const file of files) process.stdout.write(`wrote ${shown(cwd, file)}\n`);
    return EXIT_OK;
  } catch (error) {
    // e.g. a detector pattern the Collector's RE2 cannot run: a clear message, exit 2
    // or a --region that is not declared, or where no service may be raw: exit 2
    if (error instanceof Error && (error.name === "UnsupportedPatternError" || error.name === "RegionError")) {
      process.stderr.write(`cordon build: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

/** The output folder may exist (as a folder) or not yet; a file or other entry there is a usage error. */
async function isFolderOrAbsent(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return true; // missing (or unreadable: mkdir then reports it)
  }
}

export async function run(options: BuildFlags): Promise<number> {
  const cwd = process.cwd();
  const root = resolve(cwd, options.contracts ?? "contracts");
  const outDir = resolve(cwd, options.out ?? "generated");
  const target = options.target ?? "ts";
  if (options.region !== undefined && target !== "collector") {
    process.stderr.write("cordon build: --region applies to --target collector only\n");
    return EXIT_USAGE;
  }
  if (target !== "ts" && target !== "collector") {
    process.stderr.write(`cordon build: unknown --target ${String(target)} (ts or collector)\n`);
    return EXIT_USAGE;
  }
  if (isInside(outDir, root)) {
    process.stderr.write(
      `cordon build: --out ${shown(cwd, outDir)} is inside the contracts folder ${shown(cwd, root)}; ` +
        `generated code never goes there (use e.g. --out generated)\n`,
    );
    return EXIT_USAGE;
  }
  if (!(await isFolderOrAbsent(outDir))) {
    process.stderr.write(`cordon build: --out ${shown(cwd, outDir)} is not a folder; pass a folder (it is created if missing)\n`);
    return EXIT_USAGE;
  }
  const loaded = await loadContractSet(root);
  if (!loaded.set) {
    const result = toResult(root, loaded.findings, loaded.sources);
    process.stderr.write(formatText(result, { cwd, color: useColor(), waivers: false }));
    return EXIT_USAGE;
  }
  try {
    return target === "ts" ? await buildTs(loaded.set, outDir, cwd) : await buildCollector(loaded.set, outDir, cwd, options.region);
  } catch (error) {
    // e.g. <out>/<region> or <out>/<service>.ts taken by a file or folder: a usage error, not a crash
    const problem = writeProblem(error, cwd);
    if (problem === undefined) throw error;
    process.stderr.write(`cordon build: ${problem}\n`);
    return EXIT_USAGE;
  }
}

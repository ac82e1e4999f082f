/**
 * `cordon check`: the CI gate. Loads the contracts, runs every rule (and with --src the
 * source scanner), applies waivers, prints in the chosen format, exits 0/1/2.
 */
import { resolve } from "node:path";
import { loadContractSet } from "../../contracts/load.js";
import type { Finding } from "../../contracts/finding.js";
import { checkContractSet, contractFailure, exitCodeOf } from "../../compiler/check.js";
import { formatResult, type OutputFormat } from "../../compiler/format/index.js";
import type { CheckResult } from "../../compiler/result.js";
import { asOfDate, emit, useColor, withSourcesOf, usageProblem } from "../shared/options.js";
import { sourceRoot } from "../shared/source-root.js";
import { VERSION } from "../version.js";

export interface CheckFlags {
  contracts?: string;
  src?: boolean | string[];
  iac?: string[];
  format?: OutputFormat;
  out?: string;
  strict?: boolean;
  asOf?: string;
}

export async function run(options: CheckFlags): Promise<number> {
  try {
    const cwd = process.cwd();
    const asOf = asOfDate(options.asOf);
    const root = resolve(cwd, options.contracts ?? "contracts");
    const result = await checkAt(root, { asOf, src: options.src, cwd, ...(options.iac ? { iac: options.iac } : {}) });
    const exitCode = exitCodeOf(result, options.strict === true);
    const format = options.format ?? "text";
    const output = formatResult(result, format, {
      cwd,
      version: VERSION,
      color: format === "text" && options.out === undefined && useColor(),
      exitCode,
      strict: options.strict === true,
      asOf,
      // SARIF paths are relative to the repository root, wherever cordon runs.
      ...(format === "sarif" ? { sourceRoot: await sourceRoot(cwd) } : {}),
    });
    await emit(output, options.out, root);
    // With --out the log would otherwise say nothing: one line on stderr, as `report` does.
    if (typeof options.out === "string" && options.out !== "" && options.out !== "-") {
      const { errors, warnings, waived } = result.summary;
      process.stderr.write(`cordon check: wrote ${options.out} (${errors} errors, ${warnings} warnings, ${waived} waived)\n`);
    }
    return exitCode;
  } catch (error) {
    const problem = usageProblem(error);
    if (problem !== undefined) {
      process.stderr.write(`cordon check: ${problem}\n`);
      return 2;
    }
    throw error;
  }
}

/** Load, scan (when asked) and check one contract set. */
export async function checkAt(
  root: string,
  options: { asOf: string; src?: boolean | string[]; iac?: readonly string[]; cwd: string },
): Promise<CheckResult> {
  const loaded = await loadContractSet(root);
  if (!loaded.set) {
    return contractFailure(root, loaded.findings, loaded.sources);
  }
  const set = loaded.set;
  const extraFindings: Finding[] = [...loaded.findings];
  if (options.src) {
    // TypeScript is only loaded here: `check` without --src never pays for it.
    const { scanSources } = await import("../../compiler/source/index.js");
    const srcDirs = Array.isArray(options.src) ? options.src.map((dir) => resolve(options.cwd, dir)) : undefined;
    extraFindings.push(...(await scanSources(set, { ...(srcDirs ? { srcDirs } : {}), cwd: options.cwd })));
  }
  const contractTexts = new Map(set.files.map((file) => [file.path, file.text]));
  // Terraform JSON is only read here: `check` without --iac never pays for it.
  const iac = options.iac ? await (await import("../../compiler/iac/read.js")).readIac(options.iac.map((file) => resolve(options.cwd, file))) : undefined;
  return checkContractSet(set, {
    asOf: options.asOf,
    ...(iac ? { iac } : {}),
    scannedSource: Boolean(options.src),
    extraFindings,
    extraSources: await withSourcesOf(extraFindings, contractTexts),
  });
}

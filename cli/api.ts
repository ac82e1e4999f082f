/**
 * cordon's programmatic API, `import { check } from "cordon"`: the commands as functions that
 * return data and the exit code the command would have, and print nothing.
 *
 * Paths are taken as a command line takes them, relative to `cwd` (default `process.cwd()`);
 * the defaults are the command line's (`contracts`, today's date). A bad `asOf` or `src` path
 * throws an Error (the command line's exit 2 with a message); contracts that cannot be read or
 * validated are not an exception but findings in `result`, with exit code 2.
 *
 * It lives beside the commands (it is their library face), so the commands and the API share
 * one implementation of each step: `checkAt`, `reportAt`.
 */
import { resolve } from "node:path";
import type { LoadResult } from "../contracts/load.js";
import { loadContractSet } from "../contracts/load.js";
import { contractFailure, exitCodeOf } from "../compiler/check.js";
import type { GeneratedModule } from "../compiler/codegen/index.js";
import { formatResult, type FormatOptions, type OutputFormat } from "../compiler/format/index.js";
import type { ReportFormat } from "../compiler/report/index.js";
import type { CheckResult } from "../compiler/result.js";
import { allRules } from "../compiler/rules/index.js";
import { checkAt } from "./commands/check.js";
import { reportAt } from "./commands/report.js";
import { asOfDate, withSourcesOf } from "./shared/options.js";
import { VERSION } from "./version.js";

export type { Finding, Location, RuleDocs, RuleMeta, Severity } from "../contracts/finding.js";
export type { ContractSet } from "../contracts/model.js";
export type { LoadResult } from "../contracts/load.js";
export type { CheckResult, ReportedFinding, Summary } from "../compiler/result.js";
export type { GeneratedModule } from "../compiler/codegen/index.js";
export type { FormatOptions, OutputFormat } from "../compiler/format/index.js";
export type { ReportFormat } from "../compiler/report/index.js";

/** cordon's version (its package.json). */
export { VERSION };

/** Every rule cordon reports, with its id, severity and docs (what `cordon explain` prints). */
export const rules = allRules;

/** What every function takes: where the contracts are, and what relative paths are relative to. */
export interface ContractsOptions {
  /** The contracts folder (default `contracts`), relative to `cwd`. */
  readonly contracts?: string;
  /** Default `process.cwd()`. */
  readonly cwd?: string;
}

export interface CheckOptions extends ContractsOptions {
  /** `true`: scan every service's `source:`; folders: scan those (as `--src DIR…`). */
  readonly src?: boolean | readonly string[];
  /** YYYY-MM-DD the drills and waivers are judged against (default today, UTC). */
  readonly asOf?: string;
  /** Warnings fail too (exit code 1). */
  readonly strict?: boolean;
}

/** A command's outcome: its findings and the exit code `cordon` would exit with. */
export interface Outcome {
  readonly result: CheckResult;
  /** 0 no unwaived error; 1 unwaived errors (or warnings with `strict`); 2 unreadable or invalid contracts. */
  readonly exitCode: number;
}

function where(options: ContractsOptions): { cwd: string; root: string } {
  const cwd = resolve(options.cwd ?? process.cwd());
  return { cwd, root: resolve(cwd, options.contracts ?? "contracts") };
}

/** Read and validate a contract set (`cordon validate`): the model when it is valid, and every finding. */
export async function load(options: ContractsOptions = {}): Promise<LoadResult> {
  return loadContractSet(where(options).root);
}

/** `cordon check`: every rule (and with `src` the source scanner), waivers applied. */
export async function check(options: CheckOptions = {}): Promise<Outcome> {
  const { cwd, root } = where(options);
  const src = typeof options.src === "boolean" ? options.src : options.src ? [...options.src] : undefined;
  const result = await checkAt(root, { asOf: asOfDate(options.asOf), cwd, ...(src !== undefined ? { src } : {}) });
  return { result, exitCode: exitCodeOf(result, options.strict === true) };
}

/** A check's result in one of `cordon check --format`'s formats (text without colour unless asked). */
export function format(result: CheckResult, as: OutputFormat, options: Partial<FormatOptions> = {}): string {
  return formatResult(result, as, { version: VERSION, ...options, cwd: resolve(options.cwd ?? process.cwd()) });
}

export interface BuildOutcome extends Outcome {
  /** One module per service (`<service>.ts` and its text), as `cordon build` writes them; none when exit code 2. */
  readonly modules: readonly GeneratedModule[];
}

/** `cordon build --target ts`, in memory: the generated module of each service (nothing is written). */
export async function build(options: ContractsOptions = {}): Promise<BuildOutcome> {
  const { root } = where(options);
  const loaded = await loadContractSet(root);
  if (!loaded.set) {
    const result = contractFailure(root, loaded.findings, await withSourcesOf(loaded.findings, loaded.sources));
    return { result, exitCode: 2, modules: [] };
  }
  const { generateModules } = await import("../compiler/codegen/index.js");
  const result = contractFailure(root, loaded.findings, loaded.sources, loaded.set.digest);
  return { result, exitCode: exitCodeOf(result, false), modules: generateModules(loaded.set, VERSION) };
}

export interface ReportOptions extends CheckOptions {
  /** Default `html` (one self-contained file). */
  readonly format?: ReportFormat;
  /** ISO-8601 generation time printed in the report (default now). */
  readonly generatedAt?: string;
}

export interface ReportOutcome extends Outcome {
  /** The report's text; undefined when the contracts could not be read (exit code 2). */
  readonly output?: string;
}

/** `cordon report`: the compliance report as text, with the check it shows. */
export async function report(options: ReportOptions = {}): Promise<ReportOutcome> {
  const { cwd, root } = where(options);
  const src = typeof options.src === "boolean" ? options.src : options.src ? [...options.src] : undefined;
  return reportAt(root, {
    asOf: asOfDate(options.asOf),
    cwd,
    format: options.format ?? "html",
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    ...(src !== undefined ? { src } : {}),
  });
}

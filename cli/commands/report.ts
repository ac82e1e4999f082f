/**
 * `cordon report`: the compliance report (HTML, Markdown or JSON). Loads and checks the
 * contracts exactly as `cordon check` does, then renders what the check computed. The exit
 * code follows SPEC §2 like every command: 2 when the contracts cannot be read, 1 when the
 * report shows unwaived errors (it is still written), 0 otherwise.
 */
import { resolve } from "node:path";
import type { Finding } from "../../contracts/finding.js";
import { loadContractSet } from "../../contracts/load.js";
import { analyse, contractFailure, exitCodeOf } from "../../compiler/check.js";
import { formatResult } from "../../compiler/format/index.js";
import type { CheckResult } from "../../compiler/result.js";
import { buildReport, gitEvidence, renderHtml, renderJson, renderMarkdown, type ReportFormat } from "../../compiler/report/index.js";
import { asOfDate, emit, useColor, withSourcesOf, usageProblem, UsageError } from "../shared/options.js";
import { VERSION } from "../version.js";

export interface ReportFlags {
  contracts?: string;
  src?: boolean | string[];
  iac?: string[];
  format?: ReportFormat;
  out?: string;
  asOf?: string;
}

/** Generation time: SOURCE_DATE_EPOCH (reproducible builds) when set, else now. */
function generatedAt(): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d{1,12}$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return new Date().toISOString();
}

export async function run(options: ReportFlags): Promise<number> {
  try {
    const cwd = process.cwd();
    const asOf = asOfDate(options.asOf);
    const format = options.format ?? "html";
    if (format !== "html" && format !== "md" && format !== "json") throw new UsageError(`--format must be html, md or json`);
    const root = resolve(cwd, options.contracts ?? "contracts");

    const outcome = await reportAt(root, { asOf, src: options.src, ...(options.iac ? { iac: options.iac } : {}), cwd, format, generatedAt: generatedAt() });
    if (outcome.output === undefined) {
      process.stderr.write(
        formatResult(outcome.result, "text", { cwd, version: VERSION, color: useColor(process.stderr), exitCode: 2, strict: false }),
      );
      return 2;
    }
    const { output, result } = outcome;
    const { summary } = result;
    await emit(output, options.out, root);
    if (options.out) process.stderr.write(`cordon report: wrote ${options.out} (${summary.errors} errors, ${summary.warnings} warnings, ${summary.waived} waived)\n`);
    return outcome.exitCode;
  } catch (error) {
    const problem = usageProblem(error);
    if (problem !== undefined) {
      process.stderr.write(`cordon report: ${problem}\n`);
      return 2;
    }
    throw error;
  }
}

/** What `reportAt` gives: the rendered report, or (output undefined) the contract findings that stopped it. */
export interface ReportOutcome {
  readonly output?: string;
  readonly result: CheckResult;
  readonly exitCode: number;
}

/** Load, scan (when asked), check and render one contract set's report. */
export async function reportAt(
  root: string,
  options: { asOf: string; src?: boolean | string[]; iac?: readonly string[]; cwd: string; format: ReportFormat; generatedAt: string },
): Promise<ReportOutcome> {
  const { asOf, cwd, format } = options;
  // git runs in its own process while the contracts load and are checked.
  const gitRun = gitEvidence(root);
  const loaded = await loadContractSet(root);
  if (!loaded.set) {
    await gitRun;
    return { result: contractFailure(root, loaded.findings, await withSourcesOf(loaded.findings, loaded.sources)), exitCode: 2 };
  }
  const set = loaded.set;
  const extraFindings: Finding[] = [...loaded.findings];
  if (options.src) {
    const { scanSources } = await import("../../compiler/source/index.js");
    const srcDirs = Array.isArray(options.src) ? options.src.map((dir) => resolve(cwd, dir)) : undefined;
    extraFindings.push(...(await scanSources(set, { ...(srcDirs ? { srcDirs } : {}), cwd })));
  }
  const iac = options.iac
    ? await (await import("../../compiler/iac/read.js")).readIac(options.iac.map((file) => resolve(cwd, file)))
    : undefined;
  const analysis = analyse(set, { asOf, extraFindings, scannedSource: Boolean(options.src), ...(iac ? { iac } : {}) });
  const git = await gitRun;
  const report = buildReport(set, analysis, {
    version: VERSION,
    asOf,
    generatedAt: options.generatedAt,
    cwd,
    ...(git ? { git } : {}),
  });
  const output = format === "html" ? await renderHtml(report) : format === "md" ? renderMarkdown(report) : renderJson(report);
  return { output, result: analysis.result, exitCode: exitCodeOf(analysis.result, false) };
}

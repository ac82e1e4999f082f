/**
 * `cordon diff --base REF`: compare the meaning of the working tree's contracts with the
 * same folder at a git ref (read through git, the work tree untouched). Exit 0; 1 with
 * --fail-on-widening when any flow becomes less restricted; 2 for a bad ref or contracts
 * that cannot be read.
 */
import { resolve } from "node:path";
import { loadContractSet } from "../../contracts/load.js";
import { analyse, contractFailure } from "../../compiler/check.js";
import {
  EMPTY_SNAPSHOT,
  GitError,
  diffSnapshots,
  formatDiffJson,
  formatDiffMarkdown,
  formatDiffText,
  snapshotOf,
  withContractsAt,
  type DiffFormat,
  type Snapshot,
} from "../../compiler/diff/index.js";
import { formatResult } from "../../compiler/format/index.js";
import { asOfDate, emit, useColor, withSourcesOf, UsageError } from "../shared/options.js";
import { VERSION } from "../version.js";

export interface DiffFlags {
  base?: string;
  contracts?: string;
  format?: DiffFormat;
  out?: string;
  failOnWidening?: boolean;
  iac?: string[];
  asOf?: string;
}

export async function run(options: DiffFlags): Promise<number> {
  try {
    const cwd = process.cwd();
    const asOf = asOfDate(options.asOf);
    const format = options.format ?? "text";
    if (format !== "text" && format !== "json" && format !== "markdown") throw new UsageError("--format must be text, json or markdown");
    if (typeof options.base !== "string" || options.base === "") throw new UsageError("--base REF is required (e.g. --base origin/main)");
    const baseRef = options.base;
    const root = resolve(cwd, options.contracts ?? "contracts");

    const loaded = await loadContractSet(root);
    if (!loaded.set) {
      const failure = contractFailure(root, loaded.findings, await withSourcesOf(loaded.findings, loaded.sources));
      process.stderr.write(formatResult(failure, "text", { cwd, version: VERSION, color: useColor(process.stderr), exitCode: 2, strict: false }));
      return 2;
    }
    // With --iac, the head is judged with the plan's planned resources and the base with its
    // prior state, so a region the plan adds shows as a new placement.
    const iacFiles = options.iac?.map((file) => resolve(cwd, file));
    const readIac = iacFiles ? (await import("../../compiler/iac/read.js")).readIac : undefined;
    const headIac = readIac && iacFiles ? await readIac(iacFiles, "planned") : undefined;
    const baseIac = readIac && iacFiles ? await readIac(iacFiles, "prior") : undefined;
    const head = snapshotOf(loaded.set, analyse(loaded.set, { asOf, extraFindings: loaded.findings, ...(headIac ? { iac: headIac } : {}) }));

    const { snapshot: base, commit, note } = await withContractsAt(root, baseRef, (at) => {
      const where = at.folder === "" ? "the top of the repository" : at.folder;
      if (!at.loaded) {
        return { snapshot: EMPTY_SNAPSHOT, commit: at.commit, note: `${where} holds no contracts at ${baseRef}: everything is new` };
      }
      const baseSet = at.loaded.set;
      if (!baseSet) {
        const errors = at.loaded.findings.filter((f) => f.severity === "error").length;
        return {
          snapshot: EMPTY_SNAPSHOT,
          commit: at.commit,
          note: `the contracts in ${where} at ${baseRef} do not validate (${errors} error${errors === 1 ? "" : "s"}): compared with no contracts, so everything is new`,
        };
      }
      const snapshot: Snapshot = snapshotOf(baseSet, analyse(baseSet, { asOf, extraFindings: at.loaded.findings, ...(baseIac ? { iac: baseIac } : {}) }));
      return { snapshot, commit: at.commit, note: undefined };
    });

    const diff = diffSnapshots(base, head, {
      version: VERSION,
      asOf,
      baseRef,
      baseCommit: commit,
      ...(note ? { baseNote: note } : {}),
    });
    const output = format === "json" ? formatDiffJson(diff) : format === "markdown" ? formatDiffMarkdown(diff) : formatDiffText(diff);
    await emit(output, options.out, root);
    return options.failOnWidening === true && diff.widenings.length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof GitError) {
      process.stderr.write(`cordon diff: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

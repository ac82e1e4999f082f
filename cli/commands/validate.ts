/**
 * `cordon validate`: read the contract set and report every contract problem in one run.
 * Exit 0 when the set is valid, 2 when it is not (SPEC §2: contracts that cannot be read or
 * validated).
 */
import { resolve } from "node:path";
import type { Finding } from "../../contracts/finding.js";
import { loadContractSet } from "../../contracts/load.js";
import { fingerprint } from "../../compiler/fingerprint.js";
import { formatJson } from "../../compiler/format/json.js";
import { formatText } from "../../compiler/format/text.js";
import type { CheckResult, ReportedFinding } from "../../compiler/result.js";
import { useColor } from "../shared/options.js";
import { VERSION } from "../version.js";

export interface ValidateFlags {
  contracts?: string;
  format?: "text" | "json";
}

export const EXIT_VALID = 0;
export const EXIT_INVALID = 2;

export async function run(options: ValidateFlags): Promise<number> {
  const cwd = process.cwd();
  const given = options.contracts ?? "contracts";
  const root = resolve(cwd, given);
  const loaded = await loadContractSet(root);
  const result = toResult(root, loaded.findings, loaded.sources, loaded.set?.digest);
  if (options.format === "json") {
    process.stdout.write(formatJson(result, { cwd, version: VERSION }));
  } else {
    const lines = formatText(result, { cwd, color: useColor(), waivers: false });
    const set = loaded.set;
    const head = set
      ? `${given}: valid (${count(set.files.length, "file")}, ${count(set.services.size, "service")}, ${count(set.classes.size, "data class", "data classes")}, ${count(set.sinks.size, "sink")}, ${count(set.tiers.length, "tier")})\n`
      : "";
    process.stdout.write(head + lines);
  }
  return result.summary.errors > 0 ? EXIT_INVALID : EXIT_VALID;
}

/** Findings as every formatter takes them: ids, sorted errors first, by file and position. */
export function toResult(root: string, findings: readonly Finding[], sources: ReadonlyMap<string, string>, digest?: string): CheckResult {
  const reported: ReportedFinding[] = findings.map((f) => ({ ...f, id: fingerprint(f.rule, f.subject), waived: false }));
  const rank = (f: ReportedFinding) => (f.severity === "error" ? 0 : 1);
  reported.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      compare(a.location?.file ?? "", b.location?.file ?? "") ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
      compare(a.rule, b.rule),
  );
  return {
    ...(digest ? { contractsDigest: digest } : {}),
    contractsRoot: root,
    findings: reported,
    summary: {
      errors: reported.filter((f) => f.severity === "error").length,
      warnings: reported.filter((f) => f.severity === "warning").length,
      waived: 0,
    },
    sources,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

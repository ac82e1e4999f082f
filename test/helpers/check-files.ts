import { checkContractSet } from "../../compiler/check.js";
import type { CheckResult, ReportedFinding } from "../../compiler/result.js";
import { loadValid, writeFiles } from "./contract-files.js";

export const AS_OF = "2026-11-21";

export async function checkFiles(files: Record<string, string>, asOf = AS_OF): Promise<CheckResult> {
  const set = await loadValid(writeFiles(files));
  return checkContractSet(set, { asOf });
}

export function ofRule(result: CheckResult, rule: string): ReportedFinding[] {
  return result.findings.filter((f) => f.rule === rule);
}

export function subjects(result: CheckResult, rule: string): string[] {
  return ofRule(result, rule).map((f) => f.subject).sort();
}

/** The line (1-based) of the first occurrence of `needle` in `text`, after `after` if given. */
export function lineOf(text: string, needle: string, after?: string): number {
  const start = after ? text.indexOf(after) : 0;
  const at = text.indexOf(needle, Math.max(0, start));
  if (at < 0) throw new Error(`${JSON.stringify(needle)} not found`);
  return text.slice(0, at).split("\n").length;
}

/**
 * `cordon check` as a function: flows → rules → waivers → a CheckResult every format reads.
 */
import type { Finding, Location } from "../contracts/finding.js";
import type { ContractSet, NodeRef } from "../contracts/model.js";
import { estimateAll, type Estimate } from "./estimate.js";
import { fingerprint } from "./fingerprint.js";
import { computeFlows, type FlowTable } from "./flows.js";
import type { IacInventory } from "./iac/model.js";
import { placeStores, type IacView } from "./iac/placement.js";
import type { CheckResult, ReportedFinding, Summary } from "./result.js";
import { allRules, modelRules, waiverRules } from "./rules/index.js";
import type { RuleContext } from "./rules/rule.js";
import { matchWaivers } from "./waivers.js";

export interface CheckOptions {
  /** YYYY-MM-DD. */
  readonly asOf: string;
  /** Findings produced elsewhere in the same run (the source scanner's). */
  readonly extraFindings?: readonly Finding[];
  /** Texts of non-contract files the extra findings point into, for code frames. */
  readonly extraSources?: ReadonlyMap<string, string>;
  /** The resources of `check --iac`'s files. */
  readonly iac?: IacInventory;
  /** Whether the services' source was scanned (`--src`), so that source rules ran. */
  readonly scannedSource?: boolean;
}

/** Everything a check computed, for callers (report, diff) that want more than findings. */
export interface Analysis {
  readonly flows: FlowTable;
  /** With `--iac`: the resources behind each store. */
  readonly iac?: IacView;
  readonly estimates: ReadonlyMap<string, Estimate>;
  readonly result: CheckResult;
}

export function analyse(set: ContractSet, options: CheckOptions): Analysis {
  const iac = options.iac ? placeStores(set, options.iac) : undefined;
  const flows = computeFlows(set, iac);
  const estimates = estimateAll(set);
  const context: RuleContext = {
    set,
    flows,
    estimates,
    asOf: options.asOf,
    ...(iac ? { iac } : {}),
    ruleIds: new Set(allRules.map((rule) => rule.id)),
    locate: (ref: NodeRef): Location | undefined => set.locate(ref),
  };

  const findings = disambiguate([...modelRules.flatMap((rule) => rule.check(context)), ...(options.extraFindings ?? [])]);
  const { waiverOf, usage } = matchWaivers(set, findings, options.asOf, (rule) => ranIn(rule, context.ruleIds, options));
  const reported: ReportedFinding[] = findings.map((finding, i) => report(finding, waiverOf[i]));
  for (const rule of waiverRules) reported.push(...rule.check(context, usage).map((finding) => report(finding)));

  const sources = new Map<string, string>(set.files.map((file) => [file.path, file.text]));
  for (const [path, text] of options.extraSources ?? []) sources.set(path, text);
  return {
    flows,
    estimates,
    ...(iac ? { iac } : {}),
    result: {
      contractsDigest: set.digest,
      contractsRoot: set.root,
      findings: sortFindings(reported),
      summary: summarise(reported),
      sources,
    },
  };
}

export function checkContractSet(set: ContractSet, options: CheckOptions): CheckResult {
  return analyse(set, options).result;
}

/**
 * Whether a run evaluated `rule`: a rule id cordon does not know counts as evaluated, so that a
 * misspelt waiver is still reported (`waiver/unused`, with a "did you mean").
 */
function ranIn(rule: string, known: ReadonlySet<string> | undefined, options: CheckOptions): boolean {
  if (known && !known.has(rule)) return true;
  if (rule.startsWith("source/")) return options.scannedSource === true;
  if (rule.startsWith("iac/")) return options.iac !== undefined;
  return !rule.startsWith("live/");
}

/** The result of a run that stopped at the contracts (they could not be read or validated). */
export function contractFailure(
  root: string,
  findings: readonly Finding[],
  sources: ReadonlyMap<string, string>,
  digest?: string,
): CheckResult {
  const reported = disambiguate(findings).map((finding) => report(finding));
  return {
    ...(digest ? { contractsDigest: digest } : {}),
    contractsRoot: root,
    findings: sortFindings(reported),
    summary: summarise(reported),
    sources,
  };
}

function report(finding: Finding, waiver?: ReportedFinding["waiver"]): ReportedFinding {
  return {
    ...finding,
    id: fingerprint(finding.rule, finding.subject),
    waived: waiver !== undefined,
    ...(waiver ? { waiver } : {}),
  };
}

/** Two findings of one rule never share a subject (and so an id): repeats get " #2", " #3". */
export function disambiguate(findings: readonly Finding[]): Finding[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const key = `${finding.rule}\u0000${finding.subject}`;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count === 1 ? finding : { ...finding, subject: `${finding.subject} #${count}` };
  });
}

export function summarise(findings: readonly ReportedFinding[]): Summary {
  let errors = 0;
  let warnings = 0;
  let waived = 0;
  for (const finding of findings) {
    if (finding.waived) waived++;
    else if (finding.severity === "error") errors++;
    else warnings++;
  }
  return { errors, warnings, waived };
}

function group(finding: ReportedFinding): number {
  if (finding.waived) return 2;
  return finding.severity === "error" ? 0 : 1;
}

/** Unwaived errors, then warnings, then waived; within each, by file, line, column, rule, subject. */
export function sortFindings(findings: ReportedFinding[]): ReportedFinding[] {
  return findings.sort(
    (a, b) =>
      group(a) - group(b) ||
      (a.location?.file ?? "").localeCompare(b.location?.file ?? "") ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
      a.rule.localeCompare(b.rule) ||
      a.subject.localeCompare(b.subject),
  );
}

/** The exit code of SPEC §2 for a result. */
export function exitCodeOf(result: CheckResult, strict: boolean): number {
  // An --iac file that could not be read is an input error as a contract one is: the gate saw nothing.
  if (result.findings.some((f) => (f.rule.startsWith("contract/") || f.rule === "iac/unreadable") && f.severity === "error")) return 2;
  if (result.summary.errors > 0) return 1;
  if (strict && result.summary.warnings > 0) return 1;
  return 0;
}

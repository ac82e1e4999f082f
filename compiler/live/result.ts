/**
 * A live run's tally as the `check` formats read it: findings with their counts and redacted
 * examples folded into the message, waivers applied as `check` applies them, and for the JSON
 * format each finding's `count` and `example`, the per-service `coverage` and the receiver's
 * counters.
 */
import type { Finding, Location, Severity } from "../../contracts/finding.js";
import { disambiguate, sortFindings, summarise } from "../check.js";
import { fingerprint } from "../fingerprint.js";
import { toJsonReport, type JsonOptions, type JsonReport } from "../format/json.js";
import type { CheckResult, ReportedFinding } from "../result.js";
import { liveRules } from "../rules/live/index.js";
import { matchWaivers } from "../waivers.js";
import type { Counters, LiveInspector } from "./inspect.js";
import type { LiveModel } from "./model.js";
import type { FindingTally, LiveEntry } from "./tally.js";

export interface ServiceCoverage {
  /** Spans, log records and metric points received from the service. */
  readonly records: number;
  /** Declared fields (`<where>/<key>`) that arrived at least once. */
  readonly seen: readonly string[];
  /** Declared fields that never arrived. */
  readonly neverSeen: readonly string[];
}

export interface LiveRun {
  readonly result: CheckResult;
  /** Per finding id: occurrences and the redacted example. */
  readonly details: ReadonlyMap<string, { readonly count: number; readonly example?: string }>;
  readonly coverage: ReadonlyMap<string, ServiceCoverage>;
  readonly counters: Counters & { readonly requests: number; readonly findingsKept: number; readonly findingLimit: number; readonly overLimit: number };
  /** Why the receiver stopped. */
  readonly stoppedBy: string;
}

const severityOf: ReadonlyMap<string, Severity> = new Map(liveRules.map((rule) => [rule.id, rule.severity]));

function countText(entry: LiveEntry): string {
  const times = `${entry.count} time${entry.count === 1 ? "" : "s"}`;
  return entry.overflow ? `${times} past the limit` : times;
}

export function liveRun(
  model: LiveModel,
  inspector: LiveInspector,
  tally: FindingTally,
  asOf: string,
  extra: { readonly requests: number; readonly stoppedBy: string },
): LiveRun {
  const { set } = model;
  const entries = tally.all();
  const findings: Finding[] = entries.map((entry) => {
    let location: Location | undefined;
    for (const ref of entry.at) if (ref && (location = set.locate(ref))) break;
    const example = entry.example !== undefined ? `; e.g. ${entry.example}` : "";
    return {
      rule: entry.rule,
      severity: severityOf.get(entry.rule) ?? "error",
      subject: entry.subject,
      message: `${entry.message} (seen ${countText(entry)}${example})`,
      ...(entry.hint !== undefined ? { hint: entry.hint } : {}),
      ...(location ? { location } : {}),
    };
  });
  const unique = disambiguate(findings);
  const { waiverOf } = matchWaivers(set, unique, asOf);
  const details = new Map<string, { count: number; example?: string }>();
  const reported: ReportedFinding[] = unique.map((finding, i) => {
    const id = fingerprint(finding.rule, finding.subject);
    const entry = entries[i]!;
    details.set(id, { count: entry.count, ...(entry.example !== undefined ? { example: entry.example } : {}) });
    const waiver = waiverOf[i];
    return { ...finding, id, waived: waiver !== undefined, ...(waiver ? { waiver } : {}) };
  });

  const coverage = new Map<string, ServiceCoverage>();
  for (const [name, service] of model.services) {
    const seenSites = inspector.seen.get(name)!;
    const seen: string[] = [];
    const neverSeen: string[] = [];
    for (const site of service.sites) (seenSites[site.site] ? seen : neverSeen).push(`${site.where}/${site.field.key}`);
    coverage.set(name, { records: inspector.records.get(name) ?? 0, seen, neverSeen });
  }

  return {
    result: {
      contractsDigest: set.digest,
      contractsRoot: set.root,
      findings: sortFindings(reported),
      summary: summarise(reported),
      sources: new Map(set.files.map((file) => [file.path, file.text])),
    },
    details,
    coverage,
    counters: {
      ...inspector.counters,
      requests: extra.requests,
      findingsKept: tally.size,
      findingLimit: tally.limit,
      overLimit: tally.overLimit,
    },
    stoppedBy: extra.stoppedBy,
  };
}

export interface LiveJsonReport extends JsonReport {
  readonly findings: readonly (JsonReport["findings"][number] & { readonly count: number; readonly example?: string })[];
  readonly coverage: Readonly<Record<string, ServiceCoverage>>;
  readonly receiver: LiveRun["counters"] & { readonly stoppedBy: string };
}

/** SPEC §2.1 JSON plus, per SPEC §6, `coverage`; each finding adds its `count` and redacted `example`. */
export function toLiveJson(run: LiveRun, options: JsonOptions): LiveJsonReport {
  const base = toJsonReport(run.result, options);
  const coverage: Record<string, ServiceCoverage> = Object.create(null) as Record<string, ServiceCoverage>;
  for (const [name, value] of run.coverage) coverage[name] = value;
  return {
    ...base,
    findings: base.findings.map((finding) => {
      const detail = run.details.get(finding.id);
      return { ...finding, count: detail?.count ?? 0, ...(detail?.example !== undefined ? { example: detail.example } : {}) };
    }),
    coverage,
    receiver: { ...run.counters, stoppedBy: run.stoppedBy },
  };
}

/** Findings with their waivers, and every waiver with its state (in use, unused, expired). */
import type { ContractSet, Waiver } from "../../contracts/model.js";
import { daysBetween } from "../dates.js";
import type { ReportedFinding } from "../result.js";
import type { ReportFindingRow, WaiverRef, WaiverRow } from "./model.js";
import { displayLocation } from "./paths.js";

function waiverRef(waiver: Waiver, asOf: string): WaiverRef {
  return {
    approvedBy: waiver.approvedBy,
    reason: waiver.reason,
    expires: waiver.expires,
    daysToExpiry: daysBetween(asOf, waiver.expires),
  };
}

export function buildFindingRows(findings: readonly ReportedFinding[], asOf: string, cwd: string): ReportFindingRow[] {
  return findings.map((finding) => {
    const location = displayLocation(finding.location, cwd);
    return {
      id: finding.id,
      rule: finding.rule,
      severity: finding.severity,
      waived: finding.waived,
      subject: finding.subject,
      message: finding.message,
      ...(finding.hint !== undefined ? { hint: finding.hint } : {}),
      ...(location ? { location } : {}),
      ...(finding.waiver ? { waiver: waiverRef(finding.waiver, asOf) } : {}),
    };
  });
}

export function buildWaiverRows(
  set: ContractSet,
  findings: readonly ReportedFinding[],
  asOf: string,
  cwd: string,
): WaiverRow[] {
  const used = new Set<Waiver>();
  for (const finding of findings) if (finding.waiver) used.add(finding.waiver);
  return set.waivers.map((waiver) => {
    const ref = waiverRef(waiver, asOf);
    const location = displayLocation(set.locate(waiver.ref), cwd);
    return {
      rule: waiver.rule,
      subject: waiver.subject,
      ...ref,
      state: ref.daysToExpiry < 0 ? "expired" : used.has(waiver) ? "in use" : "unused",
      ...(location ? { location } : {}),
    };
  });
}

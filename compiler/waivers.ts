/**
 * Waivers (SPEC §1.9): a waiver turns the finding of its rule with its exact subject into
 * `waived`. Expired waivers match nothing.
 */
import type { Finding } from "../contracts/finding.js";
import type { ContractSet, Waiver } from "../contracts/model.js";
import { daysBetween } from "./dates.js";
import type { WaiverUsage } from "./rules/rule.js";

/** Subjects compare with runs of white space folded, so `a->b` and `a  -> b` differ but `a -> b ` does not. */
export function normaliseSubject(subject: string): string {
  return subject.trim().replace(/\s+/g, " ");
}

export function isExpired(waiver: Waiver, asOf: string): boolean {
  return daysBetween(asOf, waiver.expires) < 0;
}

/** Rules a waiver can never cover: broken contracts, an --iac file that could not be read, and the waivers themselves. */
export function isWaivable(rule: string): boolean {
  return !rule.startsWith("contract/") && !rule.startsWith("waiver/") && rule !== "iac/unreadable";
}

export interface WaiverMatch {
  /** For each finding (same order), the waiver that covers it. */
  readonly waiverOf: readonly (Waiver | undefined)[];
  readonly usage: readonly WaiverUsage[];
}

export function matchWaivers(
  set: ContractSet,
  findings: readonly Finding[],
  asOf: string,
  evaluated: (rule: string) => boolean = () => true,
): WaiverMatch {
  const usage = set.waivers.map((waiver) => ({ waiver, expired: isExpired(waiver, asOf), matched: 0, evaluated: evaluated(waiver.rule) }));
  const byKey = new Map<string, (typeof usage)[number]>();
  for (const use of usage) {
    if (use.expired) continue;
    const key = `${use.waiver.rule}\u0000${normaliseSubject(use.waiver.subject)}`;
    if (!byKey.has(key)) byKey.set(key, use);
  }
  const waiverOf = findings.map((finding) => {
    if (!isWaivable(finding.rule)) return undefined;
    const use = byKey.get(`${finding.rule}\u0000${normaliseSubject(finding.subject)}`);
    if (!use) return undefined;
    use.matched++;
    return use.waiver;
  });
  return { waiverOf, usage };
}

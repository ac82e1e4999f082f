/**
 * GitHub code scanning's `security-severity` (a score 0.0–10.0 on the rule's descriptor:
 * ≥ 9 critical, ≥ 7 high, ≥ 4 medium, else low) for the rules that guard data. Alerts with
 * a score are security alerts: they sort and filter by severity next to CodeQL's.
 *
 * The scale (decided here, shown in docs/rules.md):
 * - 8.0 personal data leaves unredacted, or to a place the contract forbids (egress);
 * - 7.5 data at rest or on its failover path lands outside its jurisdiction (residency);
 * - 7.0 code ships telemetry past the generated region lock (source exporters/endpoints);
 * - 6.0 a weaker redaction than the class asks, a field nobody declared, stale redaction code;
 * - 4.0 what the scanner could not see (dynamic keys): a blind spot, not yet a leak.
 * Tier, waiver and contract rules guard reliability and the contracts themselves, not data:
 * they carry no score (a reliability alert is not a security alert).
 */

const BY_RULE: ReadonlyMap<string, number> = new Map([
  ["egress/raw-export", 8.0],
  ["egress/forbidden-sink", 8.0],
  ["egress/weaker-redaction", 6.0],
  ["residency/store", 7.5],
  ["residency/failover", 7.5],
  ["residency/dependency", 7.5],
  ["source/unlocked-exporter", 7.0],
  ["source/undeclared-endpoint", 7.0],
  ["source/undeclared-field", 6.0],
  ["source/stale-generated", 6.0],
  ["source/dynamic-key", 4.0],
]);

/** A rule of these families that is not listed above still guards data: scored high. */
const BY_FAMILY: ReadonlyMap<string, number> = new Map([
  ["egress", 7.0],
  ["residency", 7.0],
  ["source", 6.0],
]);

/** The score as GitHub reads it (a decimal string), or undefined for rules that guard no data. */
export function securitySeverity(ruleId: string): string | undefined {
  const family = ruleId.slice(0, Math.max(0, ruleId.indexOf("/")));
  const score = BY_RULE.get(ruleId) ?? BY_FAMILY.get(family);
  return score === undefined ? undefined : score.toFixed(1);
}

/** GitHub's band for a score: what the alert list shows. */
export function severityBand(score: string): "critical" | "high" | "medium" | "low" {
  const value = Number(score);
  return value >= 9 ? "critical" : value >= 7 ? "high" : value >= 4 ? "medium" : "low";
}

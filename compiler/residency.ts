/**
 * Residency semantics of SPEC §1.3: which rule governs a class for an origin, and whether
 * a destination (a region, hence a jurisdiction) may receive the raw or redacted form.
 */
import type { ContractSet, DataClass, Field, RedactionAction, ResidencyRule } from "../contracts/model.js";

export const ANYWHERE = "*";

/** The rule that governs `className` for values originating in `origin`, or undefined (default applies). */
export function governingRule(set: ContractSet, className: string, origin: string): ResidencyRule | undefined {
  let fallback: ResidencyRule | undefined;
  for (const rule of set.residency.rules) {
    if (rule.class !== className) continue;
    if (rule.from === undefined) fallback ??= rule;
    else if (rule.from.includes(origin)) return rule;
  }
  return fallback;
}

/** Where a class may go, for one origin: the governing rule or the set's default. */
export interface Allowance {
  readonly rule?: ResidencyRule;
  /** Jurisdictions and region ids (or "*") where raw values may be. */
  readonly allowedIn: readonly string[];
  /** Where the redacted form may go (telemetry only). */
  readonly redactedAllowedIn: readonly string[];
}

export function allowance(set: ContractSet, className: string, origin: string): Allowance {
  const rule = governingRule(set, className, origin);
  if (rule) return { rule, allowedIn: rule.allowedIn, redactedAllowedIn: rule.redactedAllowedIn };
  // default: deny keeps raw values in the origin jurisdiction; allow lets them go anywhere.
  return {
    allowedIn: set.residency.default === "allow" ? [ANYWHERE] : [origin],
    redactedAllowedIn: [ANYWHERE],
  };
}

/** True when `list` names the region, its jurisdiction, or anywhere. */
export function listAdmits(list: readonly string[], region: string, jurisdiction: string): boolean {
  return list.includes(ANYWHERE) || list.includes(jurisdiction) || list.includes(region);
}

export function jurisdictionOf(set: ContractSet, region: string): string {
  return set.regions.get(region)?.jurisdiction ?? region;
}

/** May raw values of the class, originating in `origin`, be stored, processed or exported in `region`? */
export function rawAllowedIn(set: ContractSet, className: string, origin: string, region: string): boolean {
  return listAdmits(allowance(set, className, origin).allowedIn, region, jurisdictionOf(set, region));
}

/** May the redacted form of the class go to `region` (telemetry)? */
export function redactedAllowedIn(set: ContractSet, className: string, origin: string, region: string): boolean {
  return listAdmits(allowance(set, className, origin).redactedAllowedIn, region, jurisdictionOf(set, region));
}

/**
 * May a telemetry value of this class go raw to a sink in `region`? Only if the class is
 * allowed there and the class does not forbid raw values in telemetry altogether.
 */
export function rawAllowedInTelemetry(set: ContractSet, dataClass: DataClass, origin: string, region: string): boolean {
  return dataClass.rawInTelemetry && rawAllowedIn(set, dataClass.name, origin, region);
}

const KEEP: RedactionAction = { kind: "keep" };

/** The action that applies where raw values may not go: the field's override, else its class's. */
export function redactionOf(field: Field, dataClass: DataClass): RedactionAction {
  return field.redaction ?? dataClass.redaction;
}

/**
 * What happens to a field's value on its way to a sink in `region` (SPEC §1.3): `keep` where it
 * may go raw; otherwise the field's (or its class's) redaction.
 */
export function effectiveAction(
  set: ContractSet,
  field: Field,
  origin: string,
  region: string,
): RedactionAction {
  const dataClass = set.classes.get(field.class);
  if (!dataClass) return { kind: "drop" }; // unreachable in a validated set; fail closed
  return rawAllowedInTelemetry(set, dataClass, origin, region) ? KEEP : redactionOf(field, dataClass);
}

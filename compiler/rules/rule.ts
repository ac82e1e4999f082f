/**
 * The shape of a rule module, ESLint-style: id, default severity, docs, and a check that
 * reads the model and the flow table and returns findings. `cordon explain`, the SARIF
 * rule metadata and the README's rule list all read `docs`.
 */
import type { Finding, Location, RuleMeta } from "../../contracts/finding.js";
import type { ContractSet, NodeRef, Waiver } from "../../contracts/model.js";
import type { Estimate } from "../estimate.js";
import type { FlowTable } from "../flows.js";
import type { IacView } from "../iac/placement.js";

export interface RuleContext {
  readonly set: ContractSet;
  readonly flows: FlowTable;
  readonly estimates: ReadonlyMap<string, Estimate>;
  /** YYYY-MM-DD: the date drills and waivers are judged against. */
  readonly asOf: string;
  /** What `check --iac` read and how it maps to the stores; absent without --iac. */
  readonly iac?: IacView;
  /** Every rule id cordon has (a waiver naming another one is told so). */
  readonly ruleIds?: ReadonlySet<string>;
  locate(ref: NodeRef): Location | undefined;
}

/** A rule over the model: egress, residency, tier. */
export interface ModelRule extends RuleMeta {
  check(context: RuleContext): Finding[];
}

/** How the findings of the other rules used each waiver. */
export interface WaiverUsage {
  readonly waiver: Waiver;
  /** Not matching anything because it has expired. */
  readonly expired: boolean;
  readonly matched: number;
  /**
   * Whether this run evaluated the waiver's rule at all: `check` without `--src` runs no source
   * rule, without `--iac` no `iac/*` rule, and never a `live/*` rule (`live-check` does).
   */
  readonly evaluated: boolean;
}

/** A rule over the waivers themselves, judged after every other rule ran. */
export interface WaiverRule extends RuleMeta {
  check(context: RuleContext, usage: readonly WaiverUsage[]): Finding[];
}

/** A finding of `rule` located at `at`. */
export function findingAt(
  rule: RuleMeta,
  context: RuleContext,
  fields: { subject: string; message: string; hint?: string; resource?: string; at?: NodeRef | readonly (NodeRef | undefined)[] },
): Finding {
  // Several candidates: the first that exists in the YAML wins (an override may sit on the
  // service's attribute entry or on the FieldSet entry it refers to).
  const candidates = fields.at === undefined ? [] : Array.isArray(fields.at) ? fields.at : [fields.at as NodeRef];
  let location: Location | undefined;
  for (const ref of candidates) {
    if (ref && (location = context.locate(ref))) break;
  }
  return {
    rule: rule.id,
    severity: rule.severity,
    subject: fields.subject,
    message: fields.message,
    ...(fields.hint ? { hint: fields.hint } : {}),
    ...(fields.resource ? { resource: fields.resource } : {}),
    ...(location ? { location } : {}),
  };
}

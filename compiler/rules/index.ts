/**
 * Every rule cordon knows, in the order `cordon explain --list`, SARIF and the docs show them.
 * Contract rules are emitted by the loader, source rules by the scanner; model and waiver
 * rules run in compiler/check.ts.
 */
import type { RuleMeta } from "../../contracts/finding.js";
import { contractRules } from "../../contracts/rules/index.js";
import { rule as egressRawExport } from "./egress/raw-export.js";
import { rule as egressForbiddenSink } from "./egress/forbidden-sink.js";
import { rule as egressWeakerRedaction } from "./egress/weaker-redaction.js";
import { rule as residencyStore } from "./residency/store.js";
import { rule as residencyFailover } from "./residency/failover.js";
import { rule as residencyDependency } from "./residency/dependency.js";
import { rule as tierDependencyInversion } from "./tier/dependency-inversion.js";
import { rule as tierRtoUnmet } from "./tier/rto-unmet.js";
import { rule as tierRpoUnmet } from "./tier/rpo-unmet.js";
import { rule as tierMinRegions } from "./tier/min-regions.js";
import { rule as tierDrillMissing } from "./tier/drill-missing.js";
import { rule as tierDrillStale } from "./tier/drill-stale.js";
import { rule as tierDrillFailed } from "./tier/drill-failed.js";
import { rule as waiverExpired } from "./waiver/expired.js";
import { rule as waiverUnused } from "./waiver/unused.js";
import { rule as waiverTooLong } from "./waiver/too-long.js";
import { sourceRules } from "./source/index.js";
import { liveRules } from "./live/index.js";
import { rule as iacUnreadable } from "./iac/unreadable.js";
import { rule as iacStoreRegion } from "./iac/store-region.js";
import { rule as iacReplica } from "./iac/replica.js";
import { rule as iacUnmappedStore } from "./iac/unmapped-store.js";
import { rule as iacUndeclaredResource } from "./iac/undeclared-resource.js";
import type { ModelRule, WaiverRule } from "./rule.js";

export const modelRules: readonly ModelRule[] = [
  egressRawExport,
  egressForbiddenSink,
  egressWeakerRedaction,
  residencyStore,
  residencyFailover,
  residencyDependency,
  tierDependencyInversion,
  tierRtoUnmet,
  tierRpoUnmet,
  tierMinRegions,
  tierDrillMissing,
  tierDrillStale,
  tierDrillFailed,
  iacUnreadable,
  iacStoreRegion,
  iacReplica,
  iacUnmappedStore,
  iacUndeclaredResource,
];

export const waiverRules: readonly WaiverRule[] = [waiverExpired, waiverUnused, waiverTooLong];

export const allRules: readonly RuleMeta[] = [...contractRules, ...modelRules, ...sourceRules, ...waiverRules, ...liveRules];

export function findRule(id: string): RuleMeta | undefined {
  return allRules.find((rule) => rule.id === id);
}

import { Type, type Static } from "@sinclair/typebox";
import { Duration, Name, Strict, described, header } from "./common.js";

/** SPEC §1.4 */
export const TierEntry = Strict(
  {
    name: described(Name, "the tier's name, e.g. tier-0 (services name it in `tier:`)"),
    rto: described(Duration, "recovery time objective: the longest outage a service of this tier may have, e.g. 15m"),
    rpo: described(Duration, "recovery point objective: the most data (as time) a service of this tier may lose, e.g. 0s"),
    min_regions: Type.Optional(
      Type.Integer({ minimum: 1, description: "the fewest deployment regions a service of this tier must run in" }),
    ),
    drill_every: Type.Optional(described(Duration, "how often a disaster-recovery drill must be recorded, e.g. 90d")),
  },
  { description: "a tier: the recovery objectives its services must meet" },
);

/** SPEC §3.3: overridable estimator assumptions (`none` stays unbounded). */
export const Assumptions = Strict({
  strategy_rto: Type.Optional(
    Strict({
      "active-active": Type.Optional(described(Duration, "the RTO the estimator assumes for active-active (default 1m)")),
      "warm-standby": Type.Optional(described(Duration, "the RTO the estimator assumes for warm-standby (default 15m)")),
      "pilot-light": Type.Optional(described(Duration, "the RTO the estimator assumes for pilot-light (default 1h)")),
      "backup-restore": Type.Optional(described(Duration, "the RTO the estimator assumes for backup-restore (default 24h)")),
    }, { description: "the recovery time the estimator assumes per deployment strategy" }),
  ),
}, { description: "overrides of the RTO/RPO estimator's assumptions (SPEC §3.3)" });

export const TiersDocument = Strict(
  {
    ...header("Tiers"),
    tiers: Type.Optional(Type.Array(TierEntry, { description: "the tiers, most critical first" })),
    assumptions: Type.Optional(Assumptions),
  },
  { title: "cordon Tiers", description: "Criticality tiers with their RTO/RPO targets (SPEC §1.4)." },
);
export type RawTiersDocument = Static<typeof TiersDocument>;
export type RawTier = Static<typeof TierEntry>;

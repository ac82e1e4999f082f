import { Type, type Static } from "@sinclair/typebox";
import { Duration, Name, Strict, header } from "./common.js";

/** SPEC §1.4 */
export const TierEntry = Strict({
  name: Name,
  rto: Duration,
  rpo: Duration,
  min_regions: Type.Optional(Type.Integer({ minimum: 1 })),
  drill_every: Type.Optional(Duration),
});

/** SPEC §3.3: overridable estimator assumptions (`none` stays unbounded). */
export const Assumptions = Strict({
  strategy_rto: Type.Optional(
    Strict({
      "active-active": Type.Optional(Duration),
      "warm-standby": Type.Optional(Duration),
      "pilot-light": Type.Optional(Duration),
      "backup-restore": Type.Optional(Duration),
    }),
  ),
});

export const TiersDocument = Strict(
  { ...header("Tiers"), tiers: Type.Optional(Type.Array(TierEntry)), assumptions: Type.Optional(Assumptions) },
  { title: "cordon Tiers" },
);
export type RawTiersDocument = Static<typeof TiersDocument>;
export type RawTier = Static<typeof TierEntry>;

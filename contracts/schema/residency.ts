import { Type, type Static } from "@sinclair/typebox";
import { Jurisdiction, Name, Place, RegionId, StringEnum, Strict, header } from "./common.js";

/** SPEC §1.3 */
export const RegionEntry = Strict({ jurisdiction: Jurisdiction });

export const ResidencyRuleEntry = Strict({
  class: Name,
  from: Type.Optional(Type.Array(Jurisdiction, { minItems: 1 })),
  allowed_in: Type.Array(Place),
  redacted_allowed_in: Type.Optional(Type.Array(Place)),
});

export const ResidencyDocument = Strict(
  {
    ...header("Residency"),
    regions: Type.Optional(Type.Record(RegionId, RegionEntry, { additionalProperties: false })),
    rules: Type.Optional(Type.Array(ResidencyRuleEntry)),
    default: Type.Optional(StringEnum(["deny", "allow"] as const)),
  },
  { title: "cordon Residency" },
);
export type RawResidencyDocument = Static<typeof ResidencyDocument>;
export type RawResidencyRule = Static<typeof ResidencyRuleEntry>;

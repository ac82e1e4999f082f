import { Type, type Static } from "@sinclair/typebox";
import { Jurisdiction, Name, Place, RegionId, StringEnum, Strict, described, header } from "./common.js";

/** SPEC §1.3 */
export const RegionEntry = Strict(
  { jurisdiction: described(Jurisdiction, "the jurisdiction whose law governs data in this region, e.g. EU or US") },
  { description: "a region and its jurisdiction" },
);

export const ResidencyRuleEntry = Strict(
  {
    class: described(Name, "the data class this rule governs (a name from DataClasses)"),
    from: Type.Optional(
      Type.Array(Jurisdiction, {
        minItems: 1,
        description: "origin jurisdictions this rule governs (default: every origin no rule with `from` covers)",
      }),
    ),
    allowed_in: Type.Array(Place, {
      description: 'jurisdictions or region ids where raw values may be stored, processed or exported ("*" = anywhere)',
    }),
    redacted_allowed_in: Type.Optional(
      Type.Array(Place, { description: 'telemetry only: where the redacted form may go (default "*")' }),
    ),
  },
  { description: "where values of one class (from some origins) may go raw, and redacted" },
);

export const ResidencyDocument = Strict(
  {
    ...header("Residency"),
    regions: Type.Optional(
      Type.Record(RegionId, RegionEntry, {
        additionalProperties: false,
        description: "every region any sink, store or deployment names, with its jurisdiction",
      }),
    ),
    rules: Type.Optional(Type.Array(ResidencyRuleEntry, { description: "where each data class may go, by origin" })),
    default: Type.Optional(
      StringEnum(["deny", "allow"] as const, {
        description: "a class no rule covers: deny = raw values stay in the origin jurisdiction (default); allow = anywhere",
      }),
    ),
  },
  { title: "cordon Residency", description: "Regions, their jurisdictions, and where each class may go (SPEC §1.3)." },
);
export type RawResidencyDocument = Static<typeof ResidencyDocument>;
export type RawResidencyRule = Static<typeof ResidencyRuleEntry>;

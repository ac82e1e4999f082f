import { Type, type Static } from "@sinclair/typebox";
import { Detector, Name, Redaction, Strict, described, header } from "./common.js";

/** SPEC §1.1 */
export const DataClassEntry = Strict(
  {
    name: described(Name, "the class's name, e.g. personal or payment_card (unique across the contract set)"),
    level: Type.Integer({ minimum: 0, description: "sensitivity: higher = more sensitive (a field may only be redacted as strictly as its class or more)" }),
    redaction: Type.Optional(
      described(Redaction, "what happens to a value of this class where raw values may not go (default drop)"),
    ),
    raw_in_telemetry: Type.Optional(
      Type.Boolean({
        description:
          "false: telemetry always carries the redacted form, even to sinks where the class is allowed raw (default true); stores and dependencies still get raw values",
      }),
    ),
    detectors: Type.Optional(
      Type.Array(Detector, {
        description: "value patterns the runtime applies to every string leaving for a sink where this class may not go raw",
      }),
    ),
  },
  { description: "a data class: a sensitivity level and the redaction applied where its raw values may not go" },
);

export const DataClassesDocument = Strict(
  { ...header("DataClasses"), classes: Type.Array(DataClassEntry, { description: "the data classes, e.g. public, internal, personal, payment_card" }) },
  { title: "cordon DataClasses", description: "The data classes every field, store and dependency is labelled with (SPEC §1.1)." },
);
export type RawDataClassesDocument = Static<typeof DataClassesDocument>;
export type RawDataClass = Static<typeof DataClassEntry>;

import { Type, type Static } from "@sinclair/typebox";
import { Detector, Name, Redaction, Strict, header } from "./common.js";

/** SPEC §1.1 */
export const DataClassEntry = Strict({
  name: Name,
  level: Type.Integer({ minimum: 0, description: "sensitivity: higher = more sensitive" }),
  redaction: Type.Optional(Redaction),
  raw_in_telemetry: Type.Optional(Type.Boolean()),
  detectors: Type.Optional(Type.Array(Detector)),
});

export const DataClassesDocument = Strict(
  { ...header("DataClasses"), classes: Type.Array(DataClassEntry) },
  { title: "cordon DataClasses" },
);
export type RawDataClassesDocument = Static<typeof DataClassesDocument>;
export type RawDataClass = Static<typeof DataClassEntry>;

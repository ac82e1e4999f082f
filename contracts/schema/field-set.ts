import { type Static } from "@sinclair/typebox";
import { AttributeMap, FieldDefinition, Name, Strict, described, header } from "./common.js";

/** SPEC §1.7 */
export const FieldSetDocument = Strict(
  {
    ...header("FieldSet"),
    name: described(Name, "the set's name (services list it in telemetry.uses)"),
    fields: described(AttributeMap(FieldDefinition), "fields by OpenTelemetry key, referenced from services with { ref: <key> }"),
  },
  { title: "cordon FieldSet", description: "A shared registry of telemetry fields (SPEC §1.7)." },
);
export type RawFieldSetDocument = Static<typeof FieldSetDocument>;

import { type Static } from "@sinclair/typebox";
import { AttributeMap, FieldDefinition, Name, Strict, header } from "./common.js";

/** SPEC §1.7 */
export const FieldSetDocument = Strict(
  { ...header("FieldSet"), name: Name, fields: AttributeMap(FieldDefinition) },
  { title: "cordon FieldSet" },
);
export type RawFieldSetDocument = Static<typeof FieldSetDocument>;

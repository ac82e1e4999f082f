import { Type, type Static } from "@sinclair/typebox";
import { IsoDate, Strict, header } from "./common.js";

/** SPEC §1.9 */
export const WaiverDocument = Strict(
  {
    ...header("Waiver"),
    rule: Type.String({ pattern: "^[a-z]+/[a-z0-9-]+$", description: "rule id, e.g. tier/dependency-inversion" }),
    subject: Type.String({ minLength: 1, description: "the finding's subject, as printed" }),
    reason: Type.String({ minLength: 1 }),
    approved_by: Type.String({ minLength: 1 }),
    expires: IsoDate,
  },
  { title: "cordon Waiver" },
);
export type RawWaiverDocument = Static<typeof WaiverDocument>;

import { Type, type Static } from "@sinclair/typebox";
import { IsoDate, Strict, described, header } from "./common.js";

/** SPEC §1.9 */
export const WaiverDocument = Strict(
  {
    ...header("Waiver"),
    rule: Type.String({ pattern: "^[a-z]+/[a-z0-9-]+$", description: "the rule id the exception is for, e.g. tier/dependency-inversion" }),
    subject: Type.String({ minLength: 1, description: "the finding's subject, as cordon prints it, e.g. checkout -> recommendations" }),
    reason: Type.String({ minLength: 1, description: "why the exception is acceptable, and until what changes" }),
    approved_by: Type.String({ minLength: 1, description: "who approved the exception (a person, not a team)" }),
    expires: described(IsoDate, "the last day the waiver applies (YYYY-MM-DD, at most 365 days ahead)"),
  },
  { title: "cordon Waiver", description: "An approved, expiring exception to one finding (SPEC §1.9)." },
);
export type RawWaiverDocument = Static<typeof WaiverDocument>;

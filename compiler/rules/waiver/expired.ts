import { child } from "../../flows.js";
import { findingAt, type WaiverRule } from "../rule.js";

export const rule: WaiverRule = {
  id: "waiver/expired",
  severity: "error",
  docs: {
    summary: "A waiver's `expires` date has passed.",
    what:
      "A Waiver whose `expires` is before the date of the run (`--as-of`, default today). An expired waiver matches nothing: the finding it covered fails the run again, and the waiver itself is reported.",
    why:
      "Waivers are time-boxed exceptions. Once the date passes, the exception must be resolved or re-approved, not silently carried on.",
    fix:
      "Fix the finding and delete the waiver, or have it re-approved with a new `expires` (at most 365 days ahead).",
    example: [
      "kind: Waiver",
      "rule: tier/dependency-inversion",
      "subject: checkout -> recommendations",
      "expires: 2026-01-31        # waiver/expired as of 2026-11-21",
    ].join("\n"),
  },
  check(context, usage) {
    return usage
      .filter((use) => use.expired)
      .map(({ waiver }) =>
        findingAt(rule, context, {
          subject: `waiver:${waiver.rule} ${waiver.subject}`,
          message: `the waiver of ${waiver.rule} for "${waiver.subject}" expired on ${waiver.expires} (approved by ${waiver.approvedBy}).`,
          hint: "fix the finding and delete the waiver, or get it re-approved with a new expires date",
          at: [child(waiver.ref, "expires"), waiver.ref],
        }),
      );
  },
};

import { daysBetween } from "../../dates.js";
import { child } from "../../flows.js";
import { findingAt, type WaiverRule } from "../rule.js";

/** The longest a waiver may run from the date of the run (SPEC §1.9). */
export const MAX_WAIVER_DAYS = 365;

export const rule: WaiverRule = {
  id: "waiver/too-long",
  severity: "error",
  docs: {
    summary: "A waiver expires more than 365 days ahead.",
    what: "A Waiver whose `expires` is more than 365 days after the date of the run (`--as-of`, default today).",
    why: "An exception approved for years is a policy change in disguise: change the contract instead, or review the exception yearly.",
    fix: "Set `expires` at most 365 days ahead, or change the contract so no exception is needed.",
    example: [
      "kind: Waiver",
      "rule: residency/store",
      "subject: checkout/store:orders-db/personal -> us-east-1",
      "expires: 2030-01-01        # waiver/too-long",
    ].join("\n"),
  },
  check(context, usage) {
    return usage
      .filter(({ waiver }) => daysBetween(context.asOf, waiver.expires) > MAX_WAIVER_DAYS)
      .map(({ waiver }) =>
        findingAt(rule, context, {
          subject: `waiver:${waiver.rule} ${waiver.subject}`,
          message: `the waiver of ${waiver.rule} for "${waiver.subject}" runs until ${waiver.expires}, ${daysBetween(context.asOf, waiver.expires)} days from ${context.asOf}; waivers may run at most ${MAX_WAIVER_DAYS} days.`,
          hint: "set expires at most 365 days ahead and review the exception then",
          at: [child(waiver.ref, "expires"), waiver.ref],
        }),
      );
  },
};

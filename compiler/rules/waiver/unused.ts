import { child } from "../../flows.js";
import { findingAt, type WaiverRule } from "../rule.js";

export const rule: WaiverRule = {
  id: "waiver/unused",
  severity: "warning",
  docs: {
    summary: "A waiver matches no finding.",
    what:
      "A Waiver (not expired) whose `rule` and `subject` match no finding of the run. Either the problem was fixed, or the subject is misspelt and the finding it was meant for still fails.",
    why:
      "Stale waivers pile up and hide what was really approved; a misspelt one looks like an approval that does not apply.",
    fix:
      "Delete the waiver if the finding is gone; otherwise copy the subject exactly as `cordon check` prints it.",
    example: [
      "kind: Waiver",
      "rule: tier/dependency-inversion",
      "subject: checkout->recomendations     # misspelt: matches nothing",
    ].join("\n"),
  },
  check(context, usage) {
    return usage
      .filter((use) => !use.expired && use.matched === 0)
      .map(({ waiver }) =>
        findingAt(rule, context, {
          subject: `waiver:${waiver.rule} ${waiver.subject}`,
          message: `the waiver of ${waiver.rule} for "${waiver.subject}" matches no finding.`,
          hint: "delete it if the finding is fixed; otherwise copy the subject exactly as `cordon check` prints it",
          at: [child(waiver.ref, "subject"), waiver.ref],
        }),
      );
  },
};

import { didYouMean } from "../../../contracts/did-you-mean.js";
import { child } from "../../flows.js";
import { isWaivable } from "../../waivers.js";
import { findingAt, type WaiverRule } from "../rule.js";

export const rule: WaiverRule = {
  id: "waiver/unused",
  severity: "warning",
  docs: {
    summary: "A waiver matches no finding.",
    what:
      "A Waiver (not expired) whose `rule` and `subject` match no finding of a run that evaluated that rule (`check` runs source rules only with `--src`, `iac/*` rules only with `--iac`, and `live/*` rules never: `live-check` does). Either the problem was fixed, or the subject is misspelt and the finding it was meant for still fails.",
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
      .filter((use) => !use.expired && use.evaluated && use.matched === 0)
      .map(({ waiver }) => {
        const subject = `waiver:${waiver.rule} ${waiver.subject}`;
        const unmatched = `the waiver of ${waiver.rule} for "${waiver.subject}" matches no finding`;
        // Why it can never match, where that is the reason: a misspelt rule, or one no waiver covers.
        if (context.ruleIds && !context.ruleIds.has(waiver.rule)) {
          return findingAt(rule, context, {
            subject,
            message: `${unmatched}: cordon has no rule ${waiver.rule}.`,
            hint: didYouMean(waiver.rule, context.ruleIds) ?? "use a rule id as `cordon explain list` prints it",
            at: [child(waiver.ref, "rule"), waiver.ref],
          });
        }
        if (!isWaivable(waiver.rule)) {
          return findingAt(rule, context, {
            subject,
            message: `${unmatched}: ${waiver.rule} findings cannot be waived.`,
            hint: "fix what the finding reports, and delete the waiver",
            at: [child(waiver.ref, "rule"), waiver.ref],
          });
        }
        return findingAt(rule, context, {
          subject,
          message: `${unmatched}.`,
          hint: "delete it if the finding is fixed; otherwise copy the subject exactly as `cordon check` prints it",
          at: [child(waiver.ref, "subject"), waiver.ref],
        });
      });
  },
};

import { STRICTNESS, type RedactionAction } from "../../../contracts/model.js";
import { describeAction } from "../../describe.js";
import { child } from "../../flows.js";
import { findingAt, type ModelRule } from "../rule.js";

/**
 * True when `override` lets more of the value through than `base`. Within one kind the
 * parameters decide: keeping more trailing characters, or a longer prefix, is weaker.
 */
export function isWeaker(override: RedactionAction, base: RedactionAction): boolean {
  if (override.kind !== base.kind) return STRICTNESS[override.kind] < STRICTNESS[base.kind];
  if (override.kind === "mask" && base.kind === "mask") return override.keepLast > base.keepLast;
  if (override.kind === "truncate" && base.kind === "truncate") return override.length > base.length;
  return false;
}

export const rule: ModelRule = {
  id: "egress/weaker-redaction",
  severity: "error",
  docs: {
    summary: "A field overrides its class's redaction with a weaker one, and the override takes effect.",
    what:
      "A field's `redaction` is weaker than its data class's (strictness: keep < truncate < mask < hash < replace < drop; within mask or truncate, keeping more characters is weaker), and the field goes to at least one sink where raw values may not go, so the weaker action is what that sink receives.",
    why:
      "A class's redaction is the platform team's decision for that kind of data; a service quietly loosening it for one field defeats the point of classifying it.",
    fix:
      "Remove the override or make it at least as strict as the class's action; if the weaker form is needed, record the decision with a Waiver for this subject.",
    example: [
      "classes:",
      "  - name: personal",
      "    redaction: hash",
      "fields:",
      "  user.id: { class: personal, type: string, redaction: { mask: { keep_last: 4 } } }  # weaker than hash",
      "# fix: remove the override, or use redaction: drop",
    ].join("\n"),
  },
  check(context) {
    return context.flows.telemetry
      .filter((flow) => !flow.rawAllowed && flow.field.redaction !== undefined && isWeaker(flow.field.redaction, flow.classAction))
      .map((flow) =>
        findingAt(rule, context, {
          subject: flow.subject,
          message: `${flow.field.key} overrides class ${flow.field.class}'s ${describeAction(flow.classAction)} with the weaker ${describeAction(flow.field.redaction!)}, which takes effect at sink ${flow.sink}.`,
          hint: `remove the override or make it at least ${describeAction(flow.classAction)}; or add a Waiver with subject "${flow.subject}"`,
          at: [
            child(flow.field.ref, "redaction"),
            flow.field.definitionRef && child(flow.field.definitionRef, "redaction"),
            flow.field.ref,
          ],
        }),
      );
  },
};

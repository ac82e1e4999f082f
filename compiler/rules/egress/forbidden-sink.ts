import { describeAction, listing } from "../../describe.js";
import { allowance } from "../../residency.js";
import { findingAt, type ModelRule } from "../rule.js";

export const rule: ModelRule = {
  id: "egress/forbidden-sink",
  severity: "error",
  docs: {
    summary: "The redacted form of a field goes to a sink outside `redacted_allowed_in`.",
    what:
      "A telemetry field that may not go raw to a sink is redacted there (hash, mask, truncate or replace, not drop), but the sink's region or jurisdiction is not in `redacted_allowed_in` of the residency rule for the field's class and origin.",
    why:
      "Some data may not leave a jurisdiction even in redacted form: a keyed hash is still personal data under most regimes, and a masked card number still narrows the search.",
    fix:
      "Drop the field at that sink (`redaction: drop` on the field, which is stricter and always allowed), stop exporting the signal to the sink, or widen `redacted_allowed_in` if the transfer of the redacted form is lawful.",
    example: [
      "rules:",
      "  - class: personal",
      "    allowed_in: [EU]",
      "    redacted_allowed_in: [EU]     # not even hashed outside the EU",
      "# user.email (personal, hash) exported to the US sink vendor-apm -> egress/forbidden-sink",
      "# fix: user.email: { ref: user.email, redaction: drop }",
    ].join("\n"),
  },
  check(context) {
    const { set } = context;
    return context.flows.telemetry
      .filter((flow) => !flow.rawAllowed && flow.action.kind !== "keep" && flow.action.kind !== "drop" && !flow.redactedAllowed)
      .map((flow) => {
        const allowed = allowance(set, flow.field.class, flow.origin).redactedAllowedIn;
        return findingAt(rule, context, {
          subject: flow.subject,
          message: `${flow.field.key} (class ${flow.field.class}, ${describeAction(flow.action)}) goes to sink ${flow.sink} in ${flow.jurisdiction}, outside redacted_allowed_in [${allowed.join(", ")}].`,
          hint: `drop ${flow.field.key} (\`redaction: drop\`), stop exporting ${flow.signal === "resource" ? "to" : `${flow.signal} to`} ${flow.sink}, or add ${flow.jurisdiction} to redacted_allowed_in of the ${flow.field.class} rule if ${listing(["that transfer"])} is lawful`,
          at: flow.field.ref,
        });
      });
  },
};

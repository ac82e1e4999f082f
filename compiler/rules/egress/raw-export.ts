import { describeAction } from "../../describe.js";
import { child } from "../../flows.js";
import { findingAt, type ModelRule } from "../rule.js";

export const rule: ModelRule = {
  id: "egress/raw-export",
  severity: "error",
  docs: {
    summary: "A telemetry field goes raw to a sink where its class may not go raw.",
    what:
      "A declared telemetry field whose effective action at a sink is `keep` while its data class is not allowed raw there: the sink's region or jurisdiction is not in the residency rule's `allowed_in` for the field's origin, or the class sets `raw_in_telemetry: false`.",
    why:
      "Raw values of a restricted class would leave the jurisdictions where they may be held (or reach telemetry at all), which is exactly the transfer the residency rules forbid.",
    fix:
      "Remove the field's `redaction: keep` override (or give its class a `redaction` other than keep) so the value is redacted on its way to that sink; or stop exporting that signal to the sink; or, if the transfer is lawful, widen `allowed_in` of the class's residency rule.",
    example: [
      "# personal data from the EU may only go raw to EU sinks",
      "rules:",
      "  - class: personal",
      "    allowed_in: [EU]",
      "# ...but a US sink receives it unredacted:",
      "spans:",
      "  - name: checkout.place_order",
      "    attributes:",
      "      user.email: { class: personal, type: string, redaction: keep }   # egress/raw-export -> vendor-apm",
      "# fix: drop the override, so the class's `redaction: hash` applies at vendor-apm",
      "      user.email: { class: personal, type: string }",
    ].join("\n"),
  },
  check(context) {
    const { set } = context;
    return context.flows.telemetry
      .filter((flow) => !flow.rawAllowed && flow.action.kind === "keep")
      .map((flow) => {
        const dataClass = set.classes.get(flow.field.class);
        const why = dataClass && !dataClass.rawInTelemetry
          ? `class ${flow.field.class} sets raw_in_telemetry: false`
          : `class ${flow.field.class} from ${flow.origin} may not go raw to ${flow.jurisdiction} (${flow.region})`;
        const overridden = flow.field.redaction?.kind === "keep";
        return findingAt(rule, context, {
          subject: flow.subject,
          message: `${flow.field.key} goes raw to sink ${flow.sink}, but ${why}.`,
          hint: overridden
            ? `remove \`redaction: keep\` from ${flow.field.key} so the class's ${describeAction(flow.classAction)} applies at ${flow.sink}`
            : `give class ${flow.field.class} a redaction (e.g. \`redaction: hash\`) or stop exporting ${flow.signal === "resource" ? "this service's telemetry" : flow.signal} to ${flow.sink}`,
          at: overridden
            ? [child(flow.field.ref, "redaction"), flow.field.definitionRef && child(flow.field.definitionRef, "redaction"), flow.field.ref]
            : flow.field.ref,
        });
      });
  },
};

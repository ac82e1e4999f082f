import type { RuleMeta } from "../../../contracts/finding.js";

export const rule = {
  id: "live/undeclared-field",
  severity: "error",
  docs: {
    summary: "A running service sent an attribute its contract does not declare.",
    what:
      "An attribute key received by `cordon live-check` that the service's contract does not declare for that span name " +
      "(or its events), for its logs, or for that metric. The subject names the span, event, log or metric and the key, " +
      "like `source/undeclared-field`; the finding counts the occurrences and keeps one redacted example of a value. " +
      "None is reported for a service with `undeclared: keep`. Keys built at run time, which static scanning cannot " +
      "resolve, show up here.",
    why:
      "Every attribute that leaves a process needs a data class, or no one can say where it may go. The generated runtime " +
      "drops undeclared keys (so the data silently disappears from dashboards), and a Collector or agent without it " +
      "ships them unclassified.",
    fix:
      "Declare the key with its class under the span, event, `logs` or metric of the service's contract (or reference a " +
      "FieldSet field with `{ ref: <key> }`), or stop sending it.",
    example: [
      "# received: span checkout.place_order with user.phone = \"+49 …\"",
      "spans:",
      "  - name: checkout.place_order",
      "    attributes:",
      "      user.phone: { class: contact, type: string }   # the fix",
    ].join("\n"),
  },
} as const satisfies RuleMeta;

import type { RuleMeta } from "../../../contracts/finding.js";

export const rule = {
  id: "source/undeclared-field",
  severity: "error",
  docs: {
    summary: "The service's code emits a telemetry attribute its contract does not declare.",
    what:
      "An emission site in the service's TypeScript (span.setAttribute, setAttributes, startSpan/startActiveSpan " +
      "attributes, addEvent, addLink, logger.emit, a metric add/record, an observable callback's observe, resource " +
      "attributes or a generated typed helper) uses an attribute key that the service's contract does not declare " +
      "for that signal. Where the span or instrument name is known statically, the key is checked against that " +
      "span's or instrument's declaration; " +
      "otherwise against every span (or metric) of the service.",
    why:
      "Every attribute that leaves the process must have a data class, so cordon can decide per sink whether it " +
      "goes raw, redacted or nowhere. An undeclared key is dropped by the generated processors (or, with " +
      "`undeclared: keep`, shipped unclassified), so either data silently disappears from dashboards or it leaks.",
    fix:
      "Declare the key under the span, event, logs, metric or resource of the service's contract with its class " +
      "(or reference a FieldSet field with `{ ref: <key> }`), or stop emitting it.",
    example: [
      "// services/checkout/src/routes.ts",
      "span.setAttribute(\"user.phone\", req.body.phone);   // not declared for checkout.place_order",
      "",
      "# contracts/checkout.yaml — the fix",
      "spans:",
      "  - name: checkout.place_order",
      "    attributes:",
      "      user.phone: { class: personal, type: string }",
    ].join("\n"),
  },
} as const satisfies RuleMeta;

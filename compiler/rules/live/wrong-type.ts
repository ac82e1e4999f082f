import type { RuleMeta } from "../../../contracts/finding.js";

export const rule = {
  id: "live/wrong-type",
  severity: "error",
  docs: {
    summary: "A running service sent a declared attribute with a value of another type than declared.",
    what:
      "A value received by `cordon live-check` for a declared field whose OTLP type is not the field's declared `type` " +
      "(`string`, `int`, `double`, `boolean` or an array of one of them). An integer is accepted for a `double` (the " +
      "OpenTelemetry SDKs send 12.0 as an integer) and an empty array for any array type. With `--sink`, fields whose " +
      "effective action at the sink is not `keep` arrive redacted (as strings) and are judged by `live/leak` instead.",
    why:
      "The generated runtime drops a value of the wrong type rather than guess how to redact it, so the attribute " +
      "disappears at every sink; typed helpers and dashboards built on the declared type break too.",
    fix: "Send the declared type (e.g. `Number(total)`, not `String(total)`), or correct the field's `type` in the contract.",
    example: [
      "# contract: cart.total: { class: internal, type: double }",
      "span.setAttribute(\"cart.total\", \"12.50\");   // arrives as a string",
      "span.setAttribute(\"cart.total\", 12.5);      // the fix",
    ].join("\n"),
  },
} as const satisfies RuleMeta;

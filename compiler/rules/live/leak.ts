import type { RuleMeta } from "../../../contracts/finding.js";

export const rule = {
  id: "live/leak",
  severity: "error",
  docs: {
    summary: "With --sink, a value that may not go raw to the sink arrived there raw.",
    what:
      "`cordon live-check --sink NAME` stands in for the sink NAME behind cordon's generated runtime or Collector and " +
      "checks what the sink would receive: a declared field whose effective action at NAME (the same flow table `check` " +
      "and `build` use) is not `keep` must arrive in its redacted form — `hmac-sha256:<hex>` for `hash`, the constant " +
      "for `replace`, `*`s for `mask`, at most N characters for `truncate`, and not at all for `drop` — and no string " +
      "anywhere (attribute values, span and event names, status messages, log bodies, scope names) may contain a match " +
      "of a detector of a class that may not go raw to NAME. Telemetry from a `service.name` no contract declares was " +
      "redacted by nothing of cordon's and has no known origin: its strings are vetted with the detectors of every class " +
      "that may not go raw to NAME from some origin (subject `<service.name>/span:<name>/<key>`).",
    why:
      "This is the end-to-end proof that the redaction pipeline works: a service that bypasses the generated exporters, " +
      "a hand-edited module, a Collector without the generated processors or an outdated build all let raw values reach " +
      "a sink outside the jurisdiction the contract allows.",
    fix:
      "Export through the generated `createTelemetry()` (or the Collector configuration from `cordon build --target " +
      "collector`), rebuild after contract changes, and never edit generated modules by hand.",
    example: [
      "# cordon live-check --sink vendor-apm",
      "# user.email (class contact, hash at vendor-apm) arrives as \"xxxx@xxxxxxx.xxx\", not as hmac-sha256:<hex>",
    ].join("\n"),
  },
} as const satisfies RuleMeta;

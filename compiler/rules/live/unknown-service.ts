import type { RuleMeta } from "../../../contracts/finding.js";

export const rule = {
  id: "live/unknown-service",
  severity: "warning",
  docs: {
    summary: "live-check received telemetry from a service.name that no contract declares.",
    what:
      "`cordon live-check` selects a Service contract by the resource attribute `service.name` of what it receives. " +
      "Telemetry whose `service.name` matches no Service (or that has none, so the SDK's `unknown_service:node` or nothing " +
      "arrives) cannot be checked against any contract; each such name is reported once, with the number of spans, log " +
      "records and metric points it sent.",
    why:
      "A service without a contract emits telemetry no one has classified: nothing decides which of its attributes may " +
      "leave the jurisdiction, and the generated runtime cannot be used for it. A misspelt service name hides every " +
      "other live finding of that service.",
    fix:
      "Set the service's name to the one its contract declares (`OTEL_SERVICE_NAME=checkout`, or `service.name` in the " +
      "SDK's resource), or write a Service contract for it.",
    example: [
      "# the service runs with OTEL_SERVICE_NAME=check-out; the contract says:",
      "kind: Service",
      "name: checkout",
      "",
      "# fix: OTEL_SERVICE_NAME=checkout",
    ].join("\n"),
  },
} as const satisfies RuleMeta;

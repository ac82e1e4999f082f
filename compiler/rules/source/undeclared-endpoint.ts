import type { RuleMeta } from "../../../contracts/finding.js";

export const rule = {
  id: "source/undeclared-endpoint",
  severity: "error",
  docs: {
    summary: "An exporter's URL matches none of the service's declared sinks.",
    what:
      "The `url` of an OpenTelemetry exporter, a literal or a constant cordon can resolve, does not match the " +
      "endpoint of any sink the service declares for that signal. A URL matches a sink when scheme, host and " +
      "port are equal and its path starts with the sink's path. A URL behind `||`, `??` or a conditional " +
      "(`process.env.URL || \"http://localhost:4318/v1/traces\"`) is checked alternative by alternative, and so are " +
      "OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT values written in the package.json " +
      "scripts, Dockerfiles, Procfiles, compose files and Kubernetes manifests under the service's `source:`.",
    why:
      "Telemetry would go to a place the contract does not know about, so nobody has checked that the data " +
      "classes in it may go to that region or vendor. The generated createTelemetry refuses such an exporter " +
      "at start-up; this rule catches it in review instead.",
    fix:
      "Point the exporter at a declared sink's endpoint, or declare the destination as a Sink (with its region) " +
      "and add it to the service's telemetry.sinks.",
    example: [
      "new OTLPTraceExporter({ url: \"https://otlp.us.vendor.example:4318/v1/traces\" });  // no such sink",
      "# fix: contracts/sinks.yaml",
      "kind: Sink",
      "name: vendor-apm",
      "region: us-east-1",
      "endpoint: https://otlp.us.vendor.example:4318",
    ].join("\n"),
  },
} as const satisfies RuleMeta;

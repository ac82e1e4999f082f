import type { RuleMeta } from "../../../contracts/finding.js";

export const rule = {
  id: "live/unreadable",
  severity: "error",
  docs: {
    summary: "live-check was sent telemetry it could not read, so it could not check it.",
    what:
      "A request the `cordon live-check` receiver refused or could not read: a body that is not valid protobuf or JSON, " +
      "a content type other than `application/x-protobuf` or `application/json`, an encoding other than gzip or deflate, " +
      "a body over the size limit (or that inflates past it), a client too slow to send its request, more connections " +
      "than the limit, or OTLP records that are not objects. A GET or HEAD request (a readiness probe) carries no telemetry: " +
      "it is answered as a Collector answers it and is no finding (a browser exporter's OPTIONS preflight is one). The subject names the signal and the reason " +
      "(`receiver/traces/malformed-protobuf`); the finding counts the occurrences.",
    why:
      "A gate must never pass what it did not see: telemetry the receiver could not read was not checked, so a run with " +
      "refused requests cannot vouch for the service.",
    fix:
      "Point an OTLP/HTTP exporter (http/protobuf or http/json) at the receiver; keep batches under the size limit; " +
      "if something else talks to the port, give live-check another `--listen` address.",
    example: [
      "# a gRPC exporter pointed at the HTTP port sends application/grpc:",
      "OTEL_EXPORTER_OTLP_PROTOCOL=grpc        # refused: receiver/traces/unsupported-content-type",
      "OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf   # the fix",
    ].join("\n"),
  },
} as const satisfies RuleMeta;

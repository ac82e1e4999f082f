/**
 * The configuration keys `cordon build --target collector` writes, as a JSON Schema: exactly
 * this subset of the OpenTelemetry Collector (contrib) configuration, each key as the
 * component's own documentation defines it. `additionalProperties: false` everywhere, so a
 * key that is not listed here (and so not checked against the docs) fails the tests.
 *
 * Sources (opentelemetry-collector = core, -contrib = contrib; README of each component):
 * - Configuration layout (receivers, processors, exporters, connectors, service.pipelines with
 *   receivers/processors/exporters; component ids `type[/name]`): https://opentelemetry.io/docs/collector/configuration/
 * - receivers.otlp.protocols.{grpc,http}.endpoint: core receiver/otlpreceiver/README.md
 * - processors.transform: error_mode; trace_statements / log_statements / metric_statements as
 *   lists of groups with `context` and `statements` ("Advanced Config"):
 *   contrib processor/transformprocessor/README.md. Contexts `resource`, `span`, `spanevent`,
 *   `log`, `datapoint`: contrib pkg/ottl/contexts/*\/README.md.
 * - OTTL functions in statements — editors `set`, `delete_key`, `delete_matching_keys`,
 *   `keep_keys`, `replace_pattern`; converters `Concat`, `SHA256`, `IsString`, `IsInt`,
 *   `IsDouble`, `IsBool`, `IsList`, `IsMatch`: contrib pkg/ottl/ottlfuncs/README.md.
 * - processors.batch (no settings: the defaults): core processor/batchprocessor/README.md
 * - connectors.routing: table[].context (`resource`), table[].condition, table[].pipelines
 *   (no default_pipelines: unmatched data is not routed): contrib connector/routingconnector/README.md
 * - exporters.otlphttp.endpoint (base URL; `/v1/traces` etc. are appended): core exporter/otlphttpexporter/README.md
 *
 * Not used, on purpose: the redaction processor (contrib processor/redactionprocessor) — its
 * `hash_function` is unkeyed (md5/sha1/sha3), it masks the matched substring rather than the
 * whole value, and it cannot scope keys by span, event or metric name.
 */

/** Every statement starts with one of the editors we emit. */
const STATEMENT = "^(set|delete_key|delete_matching_keys|keep_keys|replace_pattern)\\(.*\\)( where .+)?$";
/** Routing conditions are all of one shape. */
const ROUTE_CONDITION = '^attributes\\["service\\.name"\\] == ".*"$';
const NAME = "[a-z][a-z0-9_-]{0,62}";

const strings = (pattern?: string) => ({
  type: "array",
  items: pattern ? { type: "string", pattern } : { type: "string" },
  minItems: 1,
});

const statementGroups = (contexts: readonly string[]) => ({
  type: "array",
  minItems: 1,
  items: {
    type: "object",
    additionalProperties: false,
    required: ["context", "statements"],
    properties: {
      context: { enum: contexts },
      statements: strings(STATEMENT),
    },
  },
});

const transform = {
  type: "object",
  additionalProperties: false,
  required: ["error_mode"],
  properties: {
    error_mode: { enum: ["ignore", "silent", "propagate"] },
    trace_statements: statementGroups(["resource", "span", "spanevent"]),
    log_statements: statementGroups(["resource", "log"]),
    metric_statements: statementGroups(["resource", "datapoint"]),
  },
};

const endpoint = { type: "string", minLength: 1 };

export const collectorConfigSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://cordon.dev/schema/collector-subset.json",
  title: "The OpenTelemetry Collector configuration keys cordon emits",
  type: "object",
  additionalProperties: false,
  required: ["receivers", "processors", "connectors", "exporters", "service"],
  properties: {
    receivers: {
      type: "object",
      additionalProperties: false,
      required: ["otlp"],
      properties: {
        otlp: {
          type: "object",
          additionalProperties: false,
          required: ["protocols"],
          properties: {
            protocols: {
              type: "object",
              additionalProperties: false,
              properties: {
                grpc: { type: "object", additionalProperties: false, properties: { endpoint } },
                http: { type: "object", additionalProperties: false, properties: { endpoint } },
              },
            },
          },
        },
      },
    },
    processors: {
      type: "object",
      additionalProperties: false,
      properties: { batch: { type: "object", additionalProperties: false, properties: {} } },
      patternProperties: { [`^transform/${NAME}\\.${NAME}$`]: transform },
    },
    connectors: {
      type: "object",
      additionalProperties: false,
      patternProperties: {
        "^routing/(traces|logs|metrics)$": {
          type: "object",
          additionalProperties: false,
          required: ["table"],
          properties: {
            table: {
              type: "array",
              minItems: 1,
              items: {
                type: "object",
                additionalProperties: false,
                required: ["context", "condition", "pipelines"],
                properties: {
                  context: { const: "resource" },
                  condition: { type: "string", pattern: ROUTE_CONDITION },
                  pipelines: strings(`^(traces|logs|metrics)/${NAME}\\.${NAME}$`),
                },
              },
            },
          },
        },
      },
    },
    exporters: {
      type: "object",
      additionalProperties: false,
      patternProperties: {
        [`^otlphttp/${NAME}$`]: {
          type: "object",
          additionalProperties: false,
          required: ["endpoint"],
          properties: { endpoint: { type: "string", pattern: "^https?://" } },
        },
      },
    },
    service: {
      type: "object",
      additionalProperties: false,
      required: ["pipelines"],
      properties: {
        pipelines: {
          type: "object",
          additionalProperties: false,
          patternProperties: {
            [`^(traces|logs|metrics)/(in|${NAME}\\.${NAME})$`]: {
              type: "object",
              additionalProperties: false,
              required: ["receivers", "exporters"],
              properties: {
                receivers: strings("^(otlp|routing/(traces|logs|metrics))$"),
                processors: strings(`^(batch|transform/${NAME}\\.${NAME})$`),
                exporters: strings(`^(routing/(traces|logs|metrics)|otlphttp/${NAME})$`),
              },
            },
          },
        },
      },
    },
  },
} as const;

/**
 * Building blocks shared by every kind's schema: the name, key and region patterns of
 * SPEC §1, durations, redaction actions and detectors.
 */
import { Type, type Static, type TSchema, type TUnsafe } from "@sinclair/typebox";

import { API_VERSION, FIELD_KEY_PATTERN, NAME_PATTERN, REGION_PATTERN } from "./constants.js";
import { DURATION_PATTERN, ENDPOINT_PATTERN } from "./editor-patterns.js";

export { API_VERSION, FIELD_KEY_PATTERN, NAME_PATTERN, REGION_PATTERN };

/** A string enum as a plain JSON Schema `enum` (one clear ajv error, not an anyOf of consts). */
export function StringEnum<const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: "string", enum: [...values], ...options });
}

/**
 * `schema` with the description an editor shows on hover and docs/contract-reference.md
 * prints: one text per property, written here once.
 */
export function described<T extends TSchema>(schema: T, description: string): T {
  return { ...schema, description };
}

/**
 * Keywords only the editor schema carries, in place of the node's own (`editorSchema()`
 * swaps them in). The CLI checks these values with a rule of its own — contract/duration,
 * the endpoint parser — whose messages and hints say more than "must match pattern"; the
 * editor gets the same verdict as a pattern. A pattern here must accept every value the
 * CLI accepts (test/contracts/editor-patterns.test.ts holds them to the CLI's parsers).
 */
export const EDITOR_ONLY = "x-cordon-editor";

/** `additionalProperties: false` everywhere: unknown properties are errors with a hint. */
export function Strict<T extends Parameters<typeof Type.Object>[0]>(properties: T, options: Record<string, unknown> = {}) {
  return Type.Object(properties, { additionalProperties: false, ...options });
}


export const Name = Type.String({ pattern: NAME_PATTERN, description: "lower-case name: a letter, then a-z, 0-9, _ or - (at most 63)" });
export const FieldKey = Type.String({ pattern: FIELD_KEY_PATTERN, description: "OpenTelemetry attribute key, e.g. user.email" });
export const RegionId = Type.String({ pattern: REGION_PATTERN, description: "region id, e.g. eu-west-1" });
export const Jurisdiction = Type.String({ pattern: REGION_PATTERN, description: "jurisdiction, e.g. EU" });
/** A jurisdiction, a region id or "*" (anywhere). */
export const Place = Type.String({ pattern: "^(\\*|[A-Za-z0-9][A-Za-z0-9_.-]{0,62})$", description: 'jurisdiction, region id or "*"' });
export const NameList = Type.Array(Name);

const DURATION_HINT = "a duration: 0s, 90s, 15m, 4h, 1d, 1h30m or ISO-8601 (PT15M, P1D); a number needs a unit";

/** `0s`, `90s`, `15m`, `1h30m`, `1d` or ISO-8601 `PT15M`/`P1D`; checked by contract/duration. */
export const Duration = Type.Union([Type.String(), Type.Number()], {
  description: "duration: 0s, 90s, 15m, 4h, 1d, 1h30m or ISO-8601 (PT15M, P1D)",
  [EDITOR_ONLY]: { type: "string", pattern: DURATION_PATTERN, patternErrorMessage: DURATION_HINT },
});

/** `scheme://host[:port][/path]`, http or https; checked by the endpoint parser (contract/schema). */
export const Endpoint = Type.String({
  minLength: 1,
  description: "where the sink receives OTLP: scheme://host[:port][/path], https (or http inside a private network)",
  [EDITOR_ONLY]: {
    type: "string",
    pattern: ENDPOINT_PATTERN,
    patternErrorMessage: "an endpoint: scheme://host[:port][/path] with scheme https or http, e.g. https://otel.example:4318",
  },
});

export const DATE_PATTERN = "^\\d{4}-\\d{2}-\\d{2}$";
export const IsoDate = Type.String({ pattern: DATE_PATTERN, description: "date, YYYY-MM-DD" });

export const Redaction = Type.Union(
  [
    StringEnum(["keep", "drop", "hash"] as const),
    Strict({
      mask: Strict(
        { keep_last: Type.Integer({ minimum: 0, description: "how many trailing characters stay readable" }) },
        { description: "all but the last N characters replaced by *" },
      ),
    }),
    Strict({
      truncate: Strict(
        { length: Type.Integer({ minimum: 0, description: "how many leading characters are kept" }) },
        { description: "only the first N characters are kept" },
      ),
    }),
    Strict({
      replace: Strict(
        { with: Type.String({ description: "the constant sent instead of the value" }) },
        { description: "the value replaced by a constant" },
      ),
    }),
  ],
  {
    description:
      "redaction action: keep, drop, hash, { mask: { keep_last: N } }, { truncate: { length: N } } or { replace: { with: \"…\" } }",
  },
);
export type RawRedaction = Static<typeof Redaction>;

export const BUILTIN_DETECTORS = ["pan", "email", "iban", "ipv4", "ipv6"] as const;
export const Detector = Type.Union(
  [
    StringEnum(BUILTIN_DETECTORS),
    Strict({ pattern: Type.String({ minLength: 1, description: "a regular expression, safe from catastrophic backtracking (contract/unsafe-pattern)" }) }),
  ],
  {
    description: "detector: pan, email, iban, ipv4, ipv6 or { pattern: \"<regex>\" }",
  },
);
export type RawDetector = Static<typeof Detector>;

export const ATTRIBUTE_TYPES = ["string", "int", "double", "boolean", "string[]", "int[]", "double[]", "boolean[]"] as const;
export const AttributeType = StringEnum(ATTRIBUTE_TYPES);

/** A field defined in place (in a FieldSet or a service). */
export const FieldDefinition = Strict(
  {
    class: described(Name, "the data class of the field's values (a name from DataClasses): decides where it may go raw"),
    // SPEC §1.6 writes `service.name: { class: public }`: a field without a type is a string.
    type: Type.Optional(described(AttributeType, "the attribute's value type (default string)")),
    redaction: Type.Optional(
      described(Redaction, "a stricter action than the class's for this field (a weaker one is egress/weaker-redaction)"),
    ),
    brief: Type.Optional(Type.String({ description: "one line saying what the field holds (shown in the generated types)" })),
    examples: Type.Optional(Type.Array(Type.Unknown(), { description: "example values, for people and docs (never checked against data)" })),
    required: Type.Optional(
      Type.Boolean({ description: "true: the generated typed helpers make this attribute mandatory (default false)" }),
    ),
  },
  { description: "a telemetry field: { class, type, redaction?, brief?, examples?, required? }" },
);
export type RawFieldDefinition = Static<typeof FieldDefinition>;

/** A field taken from a FieldSet the service `uses`. */
export const FieldRef = Strict({ ref: described(FieldKey, "the key of a field defined in a FieldSet this service `uses`") }, { description: "a field from a FieldSet the service uses: { ref: <key> }" });
export type RawFieldRef = Static<typeof FieldRef>;

/**
 * A service attribute: `{ ref }` alone, or a definition. One object schema with if/then/else
 * rather than anyOf: ajv then checks each of the (many) fields once, without building and
 * discarding the errors of the branch that does not apply; the type stays the union.
 */
export const ServiceField = Type.Unsafe<RawFieldRef | RawFieldDefinition>({
  type: "object",
  additionalProperties: false,
  properties: { ref: FieldKey, ...FieldDefinition.properties },
  if: { required: ["ref"] },
  then: { maxProperties: 1 },
  else: { required: ["class"] },
  description: "a telemetry field: { class, type, … } or { ref: <key> }",
});
export type RawServiceField = Static<typeof ServiceField>;

/** Attribute maps keyed by OpenTelemetry keys. */
export function AttributeMap<T extends TSchema>(field: T) {
  return Type.Record(FieldKey, field, { additionalProperties: false });
}

/** The two header properties of every document. */
export function header<const K extends string>(kind: K) {
  return {
    apiVersion: Type.Literal(API_VERSION, { description: "the contract language's version: cordon/v1" }),
    kind: Type.Literal(kind, { description: `what the document declares: ${kind}` }),
  };
}

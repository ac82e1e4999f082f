/**
 * Building blocks shared by every kind's schema: the name, key and region patterns of
 * SPEC §1, durations, redaction actions and detectors.
 */
import { Type, type Static, type TSchema, type TUnsafe } from "@sinclair/typebox";

import { API_VERSION, FIELD_KEY_PATTERN, NAME_PATTERN, REGION_PATTERN } from "./constants.js";

export { API_VERSION, FIELD_KEY_PATTERN, NAME_PATTERN, REGION_PATTERN };

/** A string enum as a plain JSON Schema `enum` (one clear ajv error, not an anyOf of consts). */
export function StringEnum<const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: "string", enum: [...values], ...options });
}

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

/** `0s`, `90s`, `15m`, `1h30m`, `1d` or ISO-8601 `PT15M`/`P1D`; checked by contract/duration. */
export const Duration = Type.Union([Type.String(), Type.Number()], {
  description: "duration: 0s, 90s, 15m, 4h, 1d, 1h30m or ISO-8601 (PT15M, P1D)",
});

export const DATE_PATTERN = "^\\d{4}-\\d{2}-\\d{2}$";
export const IsoDate = Type.String({ pattern: DATE_PATTERN, description: "date, YYYY-MM-DD" });

export const Redaction = Type.Union(
  [
    StringEnum(["keep", "drop", "hash"] as const),
    Strict({ mask: Strict({ keep_last: Type.Integer({ minimum: 0 }) }) }),
    Strict({ truncate: Strict({ length: Type.Integer({ minimum: 0 }) }) }),
    Strict({ replace: Strict({ with: Type.String() }) }),
  ],
  {
    description:
      "redaction action: keep, drop, hash, { mask: { keep_last: N } }, { truncate: { length: N } } or { replace: { with: \"…\" } }",
  },
);
export type RawRedaction = Static<typeof Redaction>;

export const BUILTIN_DETECTORS = ["pan", "email", "iban", "ipv4", "ipv6"] as const;
export const Detector = Type.Union([StringEnum(BUILTIN_DETECTORS), Strict({ pattern: Type.String({ minLength: 1 }) })], {
  description: "detector: pan, email, iban, ipv4, ipv6 or { pattern: \"<regex>\" }",
});
export type RawDetector = Static<typeof Detector>;

export const ATTRIBUTE_TYPES = ["string", "int", "double", "boolean", "string[]", "int[]", "double[]", "boolean[]"] as const;
export const AttributeType = StringEnum(ATTRIBUTE_TYPES);

/** A field defined in place (in a FieldSet or a service). */
export const FieldDefinition = Strict(
  {
    class: Name,
    // SPEC §1.6 writes `service.name: { class: public }`: a field without a type is a string.
    type: Type.Optional(AttributeType),
    redaction: Type.Optional(Redaction),
    brief: Type.Optional(Type.String()),
    examples: Type.Optional(Type.Array(Type.Unknown())),
    required: Type.Optional(Type.Boolean()),
  },
  { description: "a telemetry field: { class, type, redaction?, brief?, examples?, required? }" },
);
export type RawFieldDefinition = Static<typeof FieldDefinition>;

/** A field taken from a FieldSet the service `uses`. */
export const FieldRef = Strict({ ref: FieldKey }, { description: "a field from a FieldSet the service uses: { ref: <key> }" });
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
    apiVersion: Type.Literal(API_VERSION),
    kind: Type.Literal(kind),
  };
}

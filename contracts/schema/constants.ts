/**
 * The contract language's constants, without TypeBox: the runtime path (`validate`,
 * `check`) imports these and the precompiled validators, never the schema builders.
 */
export const API_VERSION = "cordon/v1";

export const KINDS = ["DataClasses", "Residency", "Tiers", "Sink", "Service", "FieldSet", "Waiver"] as const;
export type Kind = (typeof KINDS)[number];

export const NAME_PATTERN = "^[a-z][a-z0-9_-]{0,62}$";
export const FIELD_KEY_PATTERN = "^[A-Za-z][A-Za-z0-9._-]{0,254}$";
export const REGION_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$";

/**
 * The redaction actions of SPEC §1.2 applied to one attribute value. Pure functions: the
 * per-sink context (sink-context.ts) counts and adds detectors around them.
 */
import type { AttributeValue } from "@opentelemetry/api";
import type { Hasher } from "./hash.js";

/** A redaction action as the generated modules spell it (same shape as the contract model's). */
export type RedactionAction =
  | { readonly kind: "keep" }
  | { readonly kind: "truncate"; readonly length: number }
  | { readonly kind: "mask"; readonly keepLast: number }
  | { readonly kind: "hash" }
  | { readonly kind: "replace"; readonly with: string }
  | { readonly kind: "drop" };

export type RedactionKind = RedactionAction["kind"];

/** Strictness order of SPEC §1.2: keep < truncate < mask < hash < replace < drop. */
export const STRICTNESS: Readonly<Record<RedactionKind, number>> = {
  keep: 0,
  truncate: 1,
  mask: 2,
  hash: 3,
  replace: 4,
  drop: 5,
};

/** Is `s` free of UTF-16 surrogates (so code units are characters)? */
function isBmp(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return false;
  }
  return true;
}

/** All but the last `keepLast` characters replaced by `*` (characters, not UTF-16 units). */
export function maskString(value: string, keepLast: number): string {
  const keep = Math.max(0, Math.floor(keepLast));
  if (isBmp(value)) {
    if (keep >= value.length) return value;
    return "*".repeat(value.length - keep) + (keep === 0 ? "" : value.slice(value.length - keep));
  }
  const chars = Array.from(value);
  if (keep >= chars.length) return value;
  return "*".repeat(chars.length - keep) + (keep === 0 ? "" : chars.slice(chars.length - keep).join(""));
}

/** The first `length` characters (never half a surrogate pair). */
export function truncateString(value: string, length: number): string {
  const n = Math.max(0, Math.floor(length));
  if (value.length <= n) return value;
  if (isBmp(value)) return value.slice(0, n);
  return Array.from(value).slice(0, n).join("");
}

/** The text a non-string value is redacted as: its canonical string form. */
function text(value: string | number | boolean): string {
  return typeof value === "string" ? value : String(value);
}

type Scalar = string | number | boolean;

function applyToScalar(action: RedactionAction, value: Scalar, hasher: Hasher): Scalar {
  switch (action.kind) {
    case "keep":
      return value;
    case "truncate":
      return truncateString(text(value), action.length);
    case "mask":
      return maskString(text(value), action.keepLast);
    case "hash":
      return hasher.hash(text(value));
    case "replace":
      return action.with;
    case "drop":
      // unreachable: drop is handled before; fail closed anyway
      return "";
  }
}

/**
 * The redacted form of `value`, or undefined when the attribute is to be removed. Arrays are
 * redacted element by element (null/undefined elements stay as they are: they carry nothing).
 */
export function applyAction(action: RedactionAction, value: AttributeValue, hasher: Hasher): AttributeValue | undefined {
  if (action.kind === "drop") return undefined;
  if (action.kind === "keep") return value;
  if (Array.isArray(value)) {
    const out: (string | number | boolean | null | undefined)[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      out[i] =
        typeof element === "string" || typeof element === "number" || typeof element === "boolean"
          ? applyToScalar(action, element, hasher)
          : null;
    }
    return out as AttributeValue;
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return applyToScalar(action, value, hasher);
  }
  return undefined; // not an attribute value at all: fail closed
}

/** The stricter of two actions (SPEC §1.2 order). */
export function stricter(a: RedactionAction, b: RedactionAction): RedactionAction {
  return STRICTNESS[b.kind] > STRICTNESS[a.kind] ? b : a;
}

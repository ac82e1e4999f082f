/**
 * Value detectors (SPEC §1.8): defence in depth for values nobody declared as sensitive.
 * Built-ins are hand-written linear-time scanners; user patterns were vetted by the contract
 * validator (`contract/unsafe-pattern`) and are compiled once, when the telemetry is built.
 */
import { containsEmail } from "./email.js";
import { containsIban } from "./iban.js";
import { containsIpv4, containsIpv6 } from "./ip.js";
import { MIN_PAN_LENGTH } from "./card-networks.js";
import { containsPan } from "./pan.js";
import { requiredLiteral } from "./required-literal.js";

export type BuiltinDetector = "pan" | "email" | "iban" | "ipv4" | "ipv6";

/** A detector as the generated modules spell it. */
export type DetectorKind = BuiltinDetector | { readonly pattern: string };

/** Does the value contain what the detector looks for? */
export type Scanner = (value: string) => boolean;

/** At least `min` ASCII digits in `s`? Stops as soon as the answer is known. */
function hasDigits(s: string, min: number): boolean {
  const n = s.length;
  if (n < min) return false;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++count >= min) return true;
    } else if (n - i - 1 < min - count) {
      return false; // too few characters left to reach `min`
    }
  }
  return false;
}

/**
 * A detector: a prefilter (may say yes too often, never too rarely) built on the engine's
 * native string search, and the scanner. Most attribute values (ids, enums, routes, user
 * agents) are cleared by the prefilter in a few nanoseconds.
 */
export interface CompiledDetector {
  /** "pan", "email", …, or "pattern:<source>" (for counters and messages). */
  readonly label: string;
  readonly mayMatch: (s: string) => boolean;
  readonly scan: Scanner;
}

const BUILTINS: ReadonlyMap<BuiltinDetector, CompiledDetector> = new Map<BuiltinDetector, CompiledDetector>([
  ["pan", { label: "pan", mayMatch: (s) => hasDigits(s, MIN_PAN_LENGTH), scan: containsPan }],
  ["email", { label: "email", mayMatch: (s) => s.length >= 6 && s.includes("@"), scan: containsEmail }],
  ["iban", { label: "iban", mayMatch: (s) => hasDigits(s, 2) && s.length >= 15, scan: containsIban }],
  ["ipv4", { label: "ipv4", mayMatch: (s) => s.length >= 7 && s.includes(".") && hasDigits(s, 4), scan: containsIpv4 }],
  ["ipv6", { label: "ipv6", mayMatch: (s) => s.includes(":"), scan: containsIpv6 }],
]);

/**
 * Compile a detector once. Throws for an unknown built-in or a pattern that does not
 * compile — at start-up, in `createTelemetry`, never on the hot path.
 */
export function compileDetector(kind: DetectorKind): CompiledDetector {
  if (typeof kind === "string") {
    const builtin = BUILTINS.get(kind);
    if (!builtin) throw new Error(`cordon: unknown detector "${String(kind)}"`);
    return builtin;
  }
  // `u` makes the syntax strict (no legacy escapes); the validator already refused patterns
  // that could backtrack catastrophically.
  const regex = new RegExp(kind.pattern, "u");
  // A text every match contains (`cus_` of `cus_[A-Za-z0-9]{14}`): searched for first, with the
  // engine's native search, so most values never reach the regex.
  const literal = requiredLiteral(kind.pattern);
  return {
    label: `pattern:${kind.pattern}`,
    mayMatch: literal === undefined ? () => true : (s) => s.length > PATTERN_SCAN_LIMIT || s.includes(literal),
    scan: (value) => {
      if (value.length > PATTERN_SCAN_LIMIT) return true; // fail closed: see PATTERN_SCAN_LIMIT
      regex.lastIndex = 0;
      return regex.test(value);
    },
  };
}

/**
 * The longest value a user pattern is run on. The validator refuses the shapes that backtrack
 * exponentially or polynomially (contract/unsafe-pattern), but a single repetition searched for
 * at every position of a value can still take time quadratic in its length in a backtracking
 * engine. A longer value counts as a match, so it is redacted with the action of the class the
 * pattern protects (fail closed) and counted in that detector's hits.
 */
export const PATTERN_SCAN_LIMIT = 4096;

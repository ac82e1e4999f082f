/**
 * Value detectors (SPEC §1.8): defence in depth for values nobody declared as sensitive.
 * Built-ins are hand-written linear-time scanners; user patterns were vetted by the contract
 * validator (`contract/unsafe-pattern`) and are compiled once, when the telemetry is built.
 */
import { containsEmail } from "./email.js";
import { containsIban } from "./iban.js";
import { containsIpv4, containsIpv6 } from "./ip.js";
import { containsPan } from "./pan.js";

export type BuiltinDetector = "pan" | "email" | "iban" | "ipv4" | "ipv6";

/** A detector as the generated modules spell it. */
export type DetectorKind = BuiltinDetector | { readonly pattern: string };

/** Does the value contain what the detector looks for? */
export type Scanner = (value: string) => boolean;

/**
 * Cheap facts about a string, gathered in one pass, that rule detectors out before they scan:
 * most attribute values (ids, enums, routes) trigger no detector at all.
 */
export interface Features {
  digits: number;
  at: boolean;
  colons: number;
  dots: number;
  letters: number;
}

export function emptyFeatures(): Features {
  return { digits: 0, at: false, colons: 0, dots: 0, letters: 0 };
}

/** Fill `into` (reused by the caller: no allocation per value) with the features of `s`. */
export function features(s: string, into: Features = emptyFeatures()): Features {
  let digits = 0;
  let at = false;
  let colons = 0;
  let dots = 0;
  let letters = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
    else if (c === 64) at = true;
    else if (c === 58) colons++;
    else if (c === 46) dots++;
  }
  into.digits = digits;
  into.at = at;
  into.colons = colons;
  into.dots = dots;
  into.letters = letters;
  return into;
}

/** A detector: a prefilter on features (may say yes too often, never too rarely) and a scanner. */
export interface CompiledDetector {
  /** "pan", "email", …, or "pattern:<source>" (for counters and messages). */
  readonly label: string;
  readonly mayMatch: (f: Features, length: number) => boolean;
  readonly scan: Scanner;
}

const BUILTINS: ReadonlyMap<BuiltinDetector, CompiledDetector> = new Map<BuiltinDetector, CompiledDetector>([
  ["pan", { label: "pan", mayMatch: (f) => f.digits >= 13, scan: containsPan }],
  ["email", { label: "email", mayMatch: (f) => f.at && f.dots >= 1, scan: containsEmail }],
  ["iban", { label: "iban", mayMatch: (f, n) => n >= 15 && f.letters >= 2 && f.digits >= 2, scan: containsIban }],
  ["ipv4", { label: "ipv4", mayMatch: (f) => f.digits >= 4 && f.dots >= 3, scan: containsIpv4 }],
  ["ipv6", { label: "ipv6", mayMatch: (f) => f.colons >= 2, scan: containsIpv6 }],
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
  return {
    label: `pattern:${kind.pattern}`,
    mayMatch: () => true,
    scan: (value) => {
      regex.lastIndex = 0;
      return regex.test(value);
    },
  };
}

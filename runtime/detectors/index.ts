/**
 * Value detectors (SPEC §1.8): defence in depth for values nobody declared as sensitive.
 * Built-ins are hand-written linear-time scanners; user patterns were vetted by the contract
 * validator (`contract/unsafe-pattern`) and are compiled once, when the telemetry is built.
 */
import { containsEmail } from "./email.js";
import { containsIban } from "./iban.js";
import { containsIpv4, containsIpv6 } from "./ip.js";
import { containsPan } from "./pan.js";
import {
  factsFor,
  MAY_EMAIL,
  MAY_IBAN,
  MAY_IPV4,
  MAY_IPV6,
  MAY_PAN,
  MIN_EMAIL_LENGTH,
  MIN_IBAN_LENGTH,
  MIN_IPV4_LENGTH,
  MIN_IPV6_LENGTH,
  MIN_PAN_LENGTH,
} from "./prefilter.js";
import { minMatchLength } from "./min-length.js";
import { requiredLiteral } from "./required-literal.js";

export type BuiltinDetector = "pan" | "email" | "iban" | "ipv4" | "ipv6";

/** A detector as the generated modules spell it. */
export type DetectorKind = BuiltinDetector | { readonly pattern: string };

/** Does the value contain what the detector looks for? */
export type Scanner = (value: string) => boolean;

/**
 * A detector: a prefilter (may say yes too often, never too rarely) and the scanner. Most
 * attribute values (ids, enums, routes, user agents) are cleared by the prefilter.
 *
 * A built-in's prefilter is its bit of `builtinFacts` (prefilter.ts; `fact`): a detector set computes the
 * facts of a string once, in one pass, for all its built-ins (detection-cache.ts); `mayMatch`
 * asks for them alone. A user pattern's (`fact` 0) searches for the text every match holds.
 */
export interface CompiledDetector {
  /** "pan", "email", …, or "pattern:<source>" (for counters and messages). */
  readonly label: string;
  /** The MAY_* bit of a built-in (prefilter.ts), 0 for a user pattern. */
  readonly fact: number;
  readonly mayMatch: (s: string) => boolean;
  readonly scan: Scanner;
  /**
   * No match spans fewer characters than this (a lower bound: 0 when unknown), so a shorter string
   * needs no scan. A user pattern can match one character, or none.
   */
  readonly shortest: number;
}

/** `shortest`: the fewest characters its fact needs (prefilter.ts), so the fewest a string it finds something in has. */
function builtin(label: BuiltinDetector, fact: number, scan: Scanner, shortest: number): CompiledDetector {
  const facts = factsFor(fact);
  return { label, fact, mayMatch: (s) => (facts(s) & fact) !== 0, scan, shortest };
}

const BUILTINS: ReadonlyMap<BuiltinDetector, CompiledDetector> = new Map<BuiltinDetector, CompiledDetector>([
  ["pan", builtin("pan", MAY_PAN, containsPan, MIN_PAN_LENGTH)],
  ["email", builtin("email", MAY_EMAIL, containsEmail, MIN_EMAIL_LENGTH)],
  ["iban", builtin("iban", MAY_IBAN, containsIban, MIN_IBAN_LENGTH)],
  ["ipv4", builtin("ipv4", MAY_IPV4, containsIpv4, MIN_IPV4_LENGTH)],
  ["ipv6", builtin("ipv6", MAY_IPV6, containsIpv6, MIN_IPV6_LENGTH)],
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
  // A text every match contains (`cus_` of `cus_[A-Za-z0-9]{14}`): searched for first, so most
  // values never reach the regex.
  const literal = requiredLiteral(kind.pattern);
  // And the fewest characters a match spans (18 for `cus_[A-Za-z0-9]{14}`): a shorter value,
  // as most are, is ruled out by its length alone.
  const shortest = minMatchLength(kind.pattern);
  let mayMatch: (s: string) => boolean;
  if (literal !== undefined) mayMatch = (s) => s.length > PATTERN_SCAN_LIMIT || (s.length >= shortest && containsLiteral(s, literal));
  else mayMatch = shortest > 1 ? (s) => s.length > PATTERN_SCAN_LIMIT || s.length >= shortest : () => true;
  // the built-ins' property order (one shape: the detector loops' property reads stay monomorphic)
  return {
    label: `pattern:${kind.pattern}`,
    fact: 0,
    mayMatch,
    scan: (value) => {
      if (value.length > PATTERN_SCAN_LIMIT) return true; // fail closed: see PATTERN_SCAN_LIMIT
      regex.lastIndex = 0;
      return regex.test(value);
    },
    shortest,
  };
}

/** Below this length a value is searched for a literal by a loop here, above by the engine. */
const SHORT_VALUE = 48;

/**
 * Does `s` contain `literal`? The engine's `includes` costs a call into its C++ string search
 * (about as much as reading 20 characters), so short values, most attribute values, are
 * searched here for the literal's first character, and compared only where it stands.
 */
function containsLiteral(s: string, literal: string): boolean {
  const n = s.length;
  if (n >= SHORT_VALUE) return s.includes(literal);
  const first = literal.charCodeAt(0);
  const last = n - literal.length;
  for (let i = 0; i <= last; i++) if (s.charCodeAt(i) === first && s.startsWith(literal, i)) return true;
  return false;
}

/**
 * The longest value a user pattern is run on. The validator refuses the shapes that backtrack
 * exponentially or polynomially (contract/unsafe-pattern), but a single repetition searched for
 * at every position of a value can still take time quadratic in its length in a backtracking
 * engine. A longer value counts as a match, so it is redacted with the action of the class the
 * pattern protects (fail closed) and counted in that detector's hits.
 */
export const PATTERN_SCAN_LIMIT = 4096;

/**
 * Names that come off the wire (service names, span, event and metric names, attribute keys)
 * are printed in subjects, so they are vetted first: a name that is too long, holds control
 * characters or in which any detector fires (an e-mail address used as a key, a card number in
 * a span name) is printed as `redacted`, as the runtime renames such a span.
 */
import type { CompiledDetector } from "../../runtime/detectors/index.js";

export const REDACTED_NAME = "redacted";

/** Longest name printed: the contract's own limit for attribute keys. */
export const MAX_NAME_LENGTH = 255;

const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;

/** The name as it may be printed: itself, or `redacted`. */
export function printableName(name: string, detectors: readonly CompiledDetector[]): string {
  if (name.length === 0) return "(empty)";
  if (name.length > MAX_NAME_LENGTH || UNPRINTABLE.test(name)) return REDACTED_NAME;
  for (const detector of detectors) if (detector.mayMatch(name) && detector.scan(name)) return REDACTED_NAME;
  return name;
}

/** A key for maps of findings: the name itself when short, else one key for every over-long name. */
export function boundedName(name: string): string {
  return name.length > MAX_NAME_LENGTH ? "\u0000long" : name;
}

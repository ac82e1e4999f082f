/**
 * The redaction actions of SPEC §1.2 as OTTL statements on one attribute (`attributes["k"]`)
 * whose value is known to be present and scalar. Each function returns statements; `when` is
 * the condition every one of them carries (the place's scope, the value's presence, …).
 *
 * Character counts are in Unicode code points, as in the runtime: `(?s).` in RE2 matches one
 * code point (OTTL's `Len`/`Substring` count bytes, so they are not used).
 */
import type { AttributeType, RedactionAction } from "../../contracts/model.js";
import { HMAC_STAGE_PREFIX, and, ottlString, where } from "./ottl.js";

/** RE2 refuses repetition counts above 1000 (Go regexp/syntax: "invalid repeat count"). */
export const MAX_REPEAT = 1000;

/** The cache slot the mask keeps the visible suffix in (`cache` is per record and statement group). */
const MASK_SLOT = 'cache["cordon.mask"]';

/**
 * The value's text form, as the runtime's `String(value)`: Concat stringifies ints, doubles, booleans.
 * Concat cannot render a double that is not finite (pkg/ottl's string-like getter JSON-encodes it:
 * "unsupported type: float64"), and a failing statement drops the whole batch under
 * `error_mode: propagate`; so NaN and ±Infinity are removed first (fail closed, for this value only).
 * `x * 0.0 == 0.0` holds for every finite x and for no other (NaN·0 and ∞·0 are NaN).
 */
export function stringify(map: string, key: string, target: string, when: string | undefined, type?: AttributeType): string[] {
  const statements = [
    where(`delete_key(${map}, ${ottlString(key)})`, and(when, `IsDouble(${target}) and not (${target} * 0.0 == 0.0)`)),
    where(`set(${target}, Concat([${target}], ""))`, and(when, `not IsString(${target})`)),
  ];
  // Concat writes a one-digit exponent of a double with two (`-6.6e-08`), String() with one
  // (`-6.6e-8`; the digits and where the exponent form begins, below 1e-6, are the same). Only
  // where the declared type is double: its value was a number (the type checks ran), never a
  // string that happens to end so.
  if (type === "double") statements.push(where(`replace_pattern(${target}, ${ottlString("e-0([1-9])$")}, ${ottlString("e-$1")})`, when));
  return statements;
}

/**
 * `hash` of a value a detector flagged: the value moves to the staging key `cordon.hmac/<key>`,
 * which the redaction processor hashes with HMAC-SHA256 under the key from the environment;
 * ./hmac.ts moves the digest back as `hmac-sha256:<hex>`. (Declared fields to hash move in one
 * statement per place: statements.ts.)
 */
export function hash(map: string, key: string, target: string, when: string | undefined): string[] {
  const staged = `${map}[${ottlString(HMAC_STAGE_PREFIX + key)}]`;
  return [where(`set(${staged}, ${target})`, when), where(`delete_key(${map}, ${ottlString(key)})`, when)];
}

/** `truncate: {length: N}` on a string: the first N characters. */
export function truncate(target: string, length: number, when: string | undefined): string[] {
  return [where(`replace_pattern(${target}, ${ottlString(`^(?s)(.{0,${length}}).*$`)}, ${ottlString("$1")})`, when)];
}

/**
 * `mask: {keep_last: N}` on a string: every character but the last N becomes `*`.
 * 1. remember the last min(L, N) characters; 2. star every character; 3. keep the first
 * max(0, L − N) stars; 4. append the remembered suffix. A value of N characters or fewer
 * comes out unchanged, as in the runtime.
 */
export function mask(target: string, keepLast: number, when: string | undefined): string[] {
  return [
    where(`set(${MASK_SLOT}, ${target})`, when),
    where(`replace_pattern(${MASK_SLOT}, ${ottlString(`^(?s).*?(.{0,${keepLast}})$`)}, ${ottlString("$1")})`, when),
    where(`replace_pattern(${target}, ${ottlString("(?s).")}, ${ottlString("*")})`, when),
    where(`replace_pattern(${target}, ${ottlString(`^(?s)(.*?).{0,${keepLast}}$`)}, ${ottlString("$1")})`, when),
    where(`set(${target}, Concat([${target}, ${MASK_SLOT}], ""))`, when),
  ];
}

/** `replace: {with: …}`: the constant. */
export function replace(target: string, text: string, when: string | undefined): string[] {
  return [where(`set(${target}, ${ottlString(text)})`, when)];
}

/** Can the Collector apply this action exactly? (N above RE2's repeat limit cannot.) */
export function expressible(action: RedactionAction): boolean {
  if (action.kind === "mask") return action.keepLast <= MAX_REPEAT;
  if (action.kind === "truncate") return action.length <= MAX_REPEAT;
  return true;
}

/**
 * A text-producing action (hash, mask, truncate) on a scalar value: stringify first, then the
 * action. Returns undefined for keep/drop/replace (handled by the caller).
 */
export function textAction(
  action: RedactionAction,
  map: string,
  key: string,
  target: string,
  when: string | undefined,
  type?: AttributeType,
): string[] | undefined {
  switch (action.kind) {
    case "hash":
      return hash(map, key, target, when);
    case "mask":
      return [...stringify(map, key, target, when, type), ...mask(target, action.keepLast, when)];
    case "truncate":
      return [...stringify(map, key, target, when, type), ...truncate(target, action.length, when)];
    default:
      return undefined;
  }
}

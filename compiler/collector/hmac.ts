/**
 * `hash` in the Collector tier: HMAC-SHA256, equal to the runtime's `hmac-sha256:<hex>`.
 *
 * OTTL has no HMAC (pkg/ottl/ottlfuncs has SHA256, not a keyed hash). The contrib redaction
 * processor has `hash_function: hmac-sha256` with `hmac_key`: it replaces each match of `.*`
 * in the value of every attribute whose key matches `blocked_key_patterns` by the lower-case
 * hex of HMAC-SHA256(key bytes, match bytes) — processor/redactionprocessor/processor.go,
 * `maskValue` and `hashStringHMAC`. So:
 *
 * 1. transform/<signal>.<sink> moves each value to hash to `cordon.hmac/<key>` and marks the
 *    map with `cordon.hmac` (./statements.ts, ./actions.ts) — or, for a declared field more than
 *    one class of sinks hashes, the shared stage does, once for all of them (./digests.ts), as it
 *    stages detector hits some class hashes under `cordon.hmac.hit/<key>` (./hits.ts);
 * 2. redaction/hmac hashes every `cordon.hmac/…` (and `cordon.hmac.hit/…`, ./hits.ts) value in place (all keys allowed, nothing else
 *    blocked, no summary attributes, the declared keys ignored). `redact_all_types` hashes the text of a number or boolean
 *    as pdata's AsString writes it — ES6 number-to-string, so equal to the runtime's `String(v)`.
 *    The processor hashes each match of `.*`, and `.` stops at a line break: a value with line
 *    breaks is hashed line by line (never raw, but its digest differs from the runtime's);
 * 3. transform/hmac, on marked maps only, prefixes the digests with `hmac-sha256:` and moves
 *    them back under their own keys.
 *
 * The key comes from `CORDON_HASH_KEY` in the Collector's environment, used as its UTF-8 bytes
 * as in the runtime; the processor refuses keys shorter than 32 bytes (the runtime takes any
 * non-empty key). Verified against node:crypto's HMAC in test/collector/e2e.test.ts.
 */
import { HASHED_KEYS, HASH_KEY_REFERENCE, HMAC_STAGE_FLAG, HMAC_STAGE_PREFIX, COLLECTOR_HASH_PREFIX, entry, ottlString, regexEscape } from "./ottl.js";
import type { StatementGroup, TransformConfig } from "./config.js";
import type { FieldAt } from "./places.js";

export const HMAC_PROCESSOR = "redaction/hmac";
export const HMAC_FINISH = "transform/hmac";

export interface RedactionConfig {
  allow_all_keys: true;
  blocked_key_patterns: string[];
  hash_function: "hmac-sha256";
  hmac_key: string;
  redact_all_types: boolean;
  summary: "silent";
  ignored_keys?: string[];
}

/**
 * The processor walks every attribute of every record it sees — most of which hold nothing to
 * hash — and for each one, unless its key is among `ignored_keys` (a map lookup), renders the
 * value as text (`redact_all_types`) and runs the blocked-key pattern: ~2% of the shop gateway's
 * CPU. So the keys the contracts declare (`fields`: every field of the gateway's sink views),
 * whose values are never hashed where they are (only their staged copies are), are ignored; and
 * non-string values are rendered only when a declared field to hash may hold one (detector hits
 * are strings; every value is type-checked before it is staged).
 */
export function hmacProcessor(fields: readonly FieldAt[] = []): RedactionConfig {
  const ignored = [...new Set(fields.map((f) => f.field.key).filter((key) => !key.startsWith(HMAC_STAGE_FLAG)))].sort();
  const hashesNonString = fields.some((f) => f.action.kind === "hash" && f.field.type !== "string");
  return {
    allow_all_keys: true,
    blocked_key_patterns: [HASHED_KEYS],
    hash_function: "hmac-sha256",
    hmac_key: HASH_KEY_REFERENCE,
    redact_all_types: fields.length === 0 || hashesNonString,
    summary: "silent",
    ...(ignored.length > 0 && { ignored_keys: ignored }),
  };
}

/** Does any statement of these groups stage a value for hashing (marks its map for transform/hmac)? */
export function stagesHash(groups: readonly StatementGroup[]): boolean {
  const mark = `set(${entry("attributes", HMAC_STAGE_FLAG)}, true)`;
  return groups.some((g) => g.statements.some((s) => s === mark || s.startsWith(`${mark} where `)));
}

/** The statements that finish one map: digests prefixed and moved back under their own keys. */
function finish(map: string): string[] {
  const slot = 'cache["hmac"]';
  const staged = ottlString(`^${regexEscape(HMAC_STAGE_PREFIX)}`);
  return [
    `set(${slot}, ${map})`,
    `keep_matching_keys(${slot}, ${staged})`,
    `delete_matching_keys(${map}, ${ottlString(`^${regexEscape(HMAC_STAGE_FLAG)}`)})`,
    `replace_all_patterns(${slot}, "value", "^", ${ottlString(COLLECTOR_HASH_PREFIX)})`,
    `replace_all_patterns(${slot}, "key", ${staged}, "")`,
    `merge_maps(${map}, ${slot}, "upsert")`,
  ];
}

function group(context: StatementGroup["context"], map: string): StatementGroup {
  return { context, conditions: [`${entry(map, HMAC_STAGE_FLAG)} != nil`], statements: finish(map) };
}

/** transform/hmac: the same for every pipeline (contexts of every signal). */
export function finishTransform(): TransformConfig {
  return {
    error_mode: "propagate",
    trace_statements: [group("span", "attributes"), group("spanevent", "attributes"), group("resource", "attributes")],
    log_statements: [group("log", "attributes"), group("resource", "attributes")],
    metric_statements: [group("datapoint", "attributes"), group("resource", "attributes")],
  };
}

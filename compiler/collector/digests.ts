/**
 * Declared fields to hash are hashed ONCE per record, in the sink-independent stage, not once
 * per hashing sink: every sink hashes with the same key (`CORDON_HASH_KEY`), so the digest of a
 * value is the same wherever it goes.
 *
 * 1. transform/<signal>[.bucket.i] copies each value that more than one class of alike sinks
 *    (./config.ts) hashes for the record's service to its staging key `cordon.hmac/<key>` (the
 *    raw value stays for the sinks that may have it); a value only one class hashes is hashed in
 *    that class's stage, after its drops;
 * 2. redaction/hmac hashes the staged copies (./hmac.ts: the runtime's HMAC-SHA256);
 * 3. at each sink (./statements.ts, placeStatements): the digest of a field the sink hashes
 *    replaces its raw value, every other staged digest is removed — in the statement that
 *    removes the place's dropped fields anyway.
 *
 * How, depends on the number of keys a place stages. Up to {@link FIELD_BY_FIELD}, field by
 * field: one `set` each to stage, and at each sink that hashes it one `set` that prefixes
 * `hmac-sha256:` (Concat) and one `delete_key`. More, in a fixed number of statements whatever
 * the number of keys: the map copied, cut to those keys, renamed and merged back, and marked with
 * `cordon.hmac`; transform/hmac.staged prefixes the marked maps' digests once, before the copies;
 * each sink renames every staged key it takes at once. The map copies and the key renames cost
 * about a microsecond each for examples/shop's 11-attribute checkout span (a `set` ~0.1 µs), and
 * transform/hmac.staged's condition is one more per record: for few keys, field by field is
 * cheaper; for the 20 of each place of the 500-service organisation it would be ~100 statements
 * more per place (and megabytes of configuration).
 *
 * Detector hits are staged and hashed here too (./hits.ts); declared resource attributes are
 * still hashed per sink (./hmac.ts): resources are redacted last, per sink (./config.ts).
 */
import type { SinkView } from "../flows.js";
import type { StatementGroup, TransformConfig } from "./config.js";
import { COLLECTOR_HASH_PREFIX, HIT_PREFIX, HMAC_STAGE_FLAG, HMAC_STAGE_PREFIX, entry, ottlString, ottlStringList, regexEscape } from "./ottl.js";
import { placesOf, type Place } from "./places.js";

/** transform/hmac.staged: finishes the digests staged in the shared stage, before the per-sink copies. */
export const STAGED_FINISH = "transform/hmac.staged";

const ATTRIBUTES = "attributes";
const STAGE_SLOT = 'cache["cordon.stage"]';
const STAGED = ottlString(`^${regexEscape(HMAC_STAGE_PREFIX)}`);

/** The runtime's form of a digest the redaction processor left bare (hex). */
export const prefixed = (digest: string): string => `Concat([${ottlString(COLLECTOR_HASH_PREFIX)}, ${digest}], "")`;

const placeId = (place: Place): string => `${place.context}\n${place.scope ?? ""}`;

/** A declared field some sink hashes as a whole value (a list to hash is dropped instead). */
const hashesValue = (site: Place["fields"][number]): boolean => site.action.kind === "hash" && !site.field.type.endsWith("[]");

/**
 * For one service, the keys of each record place (not the resource) that at least `atLeast` of
 * `views` (the service's views at one sink of each class of alike sinks) hash: what the shared
 * stage stages. Undefined when there is none.
 */
export function stagedDigests(views: readonly SinkView[], atLeast: number): ((place: Place) => readonly string[]) | undefined {
  const byPlace = new Map<string, Map<string, number>>();
  for (const view of views) {
    for (const place of placesOf(view)) {
      if (place.context === "resource") continue;
      const keys = place.fields.filter(hashesValue).map((f) => f.field.key);
      if (keys.length === 0) continue;
      const counts = byPlace.get(placeId(place)) ?? new Map<string, number>();
      for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
      byPlace.set(placeId(place), counts);
    }
  }
  const staged = new Map([...byPlace].map(([id, counts]) => [id, [...counts].filter(([, n]) => n >= atLeast).map(([key]) => key)] as const));
  if (![...staged.values()].some((keys) => keys.length > 0)) return undefined;
  return (place) => (place.context === "resource" ? [] : (staged.get(placeId(place)) ?? []));
}

/** Up to this many staged keys, a place stages and takes its digests field by field (above). */
export const FIELD_BY_FIELD = 4;

const byField = (staged: readonly string[]): boolean => staged.length <= FIELD_BY_FIELD;

/** `attributes["cordon.hmac/<key>"]` */
const stagedEntry = (key: string): string => entry(ATTRIBUTES, HMAC_STAGE_PREFIX + key);

/**
 * Shared stage: copies of the values under `keys` to their staging keys — field by field, or in
 * four statements whatever the number of keys (a copy of the map, cut to those keys, renamed,
 * merged back) and the mark for transform/hmac.staged.
 */
export function stageStatements(keys: readonly string[]): string[] {
  if (keys.length === 0) return [];
  // `!= nil`: set's no-op on nil is deprecated (the `ottl.set.allowNil` feature gate)
  if (byField(keys)) return keys.map((k) => `set(${stagedEntry(k)}, ${entry(ATTRIBUTES, k)}) where ${entry(ATTRIBUTES, k)} != nil`);
  return [
    `set(${STAGE_SLOT}, ${ATTRIBUTES})`,
    `keep_keys(${STAGE_SLOT}, ${ottlStringList(keys)})`,
    `replace_all_patterns(${STAGE_SLOT}, "key", "^", ${ottlString(HMAC_STAGE_PREFIX)})`,
    `merge_maps(${ATTRIBUTES}, ${STAGE_SLOT}, "upsert")`,
    `set(${entry(ATTRIBUTES, HMAC_STAGE_FLAG)}, true)`,
  ];
}

/**
 * What follows the shared stage: redaction/hmac when it stages values or hit digests to hash,
 * and transform/hmac.staged when it marks maps whose staged values it copied all at once.
 */
export function stagesDigests(groups: readonly StatementGroup[]): { hashes: boolean; finishes: boolean } {
  const mark = `set(${entry(ATTRIBUTES, HMAC_STAGE_FLAG)}, true)`;
  const staging = [`set(${entry(ATTRIBUTES, HMAC_STAGE_PREFIX).slice(0, -2)}`, `set(${entry(ATTRIBUTES, HIT_PREFIX).slice(0, -2)}`];
  const statements = groups.flatMap((g) => g.statements);
  const finishes = statements.some((s) => s === mark || s.startsWith(`${mark} where `));
  return { hashes: finishes || statements.some((s) => staging.some((prefix) => s.startsWith(prefix))), finishes };
}

function finishGroup(context: StatementGroup["context"]): StatementGroup {
  const slot = 'cache["hmac"]';
  return {
    context,
    conditions: [`${entry(ATTRIBUTES, HMAC_STAGE_FLAG)} != nil`],
    statements: [
      `set(${slot}, ${ATTRIBUTES})`,
      // the declared values only: hit digests are prefixed where a sink takes them (./hits.ts)
      `keep_matching_keys(${slot}, ${STAGED})`,
      `replace_all_patterns(${slot}, "value", "^", ${ottlString(COLLECTOR_HASH_PREFIX)})`,
      `merge_maps(${ATTRIBUTES}, ${slot}, "upsert")`,
      `delete_key(${ATTRIBUTES}, ${ottlString(HMAC_STAGE_FLAG)})`,
    ],
  };
}

/** transform/hmac.staged: the record contexts of every signal (and the resource, where nothing is staged this way). */
export function stagedFinishTransform(): TransformConfig {
  return {
    error_mode: "propagate",
    trace_statements: [finishGroup("span"), finishGroup("spanevent"), finishGroup("resource")],
    log_statements: [finishGroup("log"), finishGroup("resource")],
    metric_statements: [finishGroup("datapoint"), finishGroup("resource")],
  };
}

/**
 * At one sink, for a place whose `staged` keys the shared stage hashed: the sink's own hashed
 * fields (`hashedHere`, all among `staged`) take their digests; every other staged digest, every
 * field the sink drops (`dropped`) and — where detectors run on a place that keeps undeclared keys
 * (fail closed, ./statements.ts) — every undeclared key is removed. One statement for that; then
 * the digests taken field by field, or one rename of the staged keys left. `keepAlso`: keys a `keep_keys` keeps too (hit digests, ./hits.ts).
 */
export function takeStatements(
  place: Place,
  staged: readonly string[],
  hashedHere: readonly string[],
  dropped: readonly string[],
  undeclared: "drop" | "keep",
  detectors: boolean,
  keepAlso: readonly string[] = [],
): string[] {
  const keepUndeclared = undeclared === "keep" && !detectors;
  if (hashedHere.length === 0 && dropped.length === 0 && (undeclared === "drop" || keepUndeclared)) {
    // the sink takes the place as the shared stage left it: only the digests go, in a statement
    // that is the same for every service (so their groups merge)
    return [`delete_matching_keys(${ATTRIBUTES}, ${STAGED})`];
  }
  const here = new Set(hashedHere);
  const statements: string[] = [];
  if (!keepUndeclared) {
    const raw = place.fields.map((f) => f.field.key).filter((k) => !here.has(k) && !dropped.includes(k));
    statements.push(`keep_keys(${ATTRIBUTES}, ${ottlStringList([...raw, ...hashedHere.map((k) => HMAC_STAGE_PREFIX + k), ...keepAlso])})`);
  } else {
    const gone = [...dropped, ...hashedHere, ...staged.filter((k) => !here.has(k)).map((k) => HMAC_STAGE_PREFIX + k)];
    statements.push(`delete_matching_keys(${ATTRIBUTES}, ${ottlString(`^(?:${gone.map(regexEscape).join("|")})$`)})`);
  }
  if (hashedHere.length === 0) return statements;
  if (!byField(staged)) return [...statements, `replace_all_patterns(${ATTRIBUTES}, "key", ${STAGED}, "")`];
  // field by field: nothing prefixed them yet (a digest that is missing leaves no value: the raw one is gone above)
  for (const k of hashedHere) statements.push(`set(${entry(ATTRIBUTES, k)}, ${prefixed(stagedEntry(k))}) where ${stagedEntry(k)} != nil`);
  for (const k of hashedHere) statements.push(`delete_key(${ATTRIBUTES}, ${ottlString(HMAC_STAGE_PREFIX + k)})`);
  return statements;
}

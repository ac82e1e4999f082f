/**
 * Detector hits to hash are hashed ONCE per record, before the copies, as declared fields to
 * hash are (./digests.ts): every sink hashes with the same key, so the digest of a value is
 * the same wherever it goes — only whether a sink hashes it depends on the sink.
 *
 * 1. transform/<signal>[.bucket.i], for each place, looks at the values that some class of
 *    alike sinks keeps as strings where one of its detectors' action is `hash` (`hitKeys`): one
 *    scan (./scan.ts) with the union of those classes' hash-action detectors, then, on the marked
 *    records only (./detection.ts), a copy of each value one of them matches under
 *    `cordon.hmac.hit/<key>` (the raw value stays), and the map marked with `cordon.hmac.hit`;
 *    resources in a group of their own (once per resource: no scan needed);
 * 2. redaction/hmac and transform/hmac.staged hash and prefix them with the declared digests;
 * 3. each sink (./statements.ts) takes the digest where its own detector of action `hash` hits
 *    the value, and removes every staged hit digest and the mark: by the `keep_keys` its place
 *    runs anyway, or in its detection group (the mark makes its scan say "maybe"), or — where
 *    the place does neither — in one statement under the mark.
 *
 * So the sinks run no redaction processor of their own for detector hits. A value a sink masks
 * or truncates and then rescans is not the value the shared stage saw: that sink still hashes
 * such a hit itself (./hmac.ts).
 */
import type { SinkDetector, SinkView } from "../flows.js";
import { anyOf, detectorPattern, joinable } from "./detectors.js";
import { HIT_FLAG, HIT_PREFIX, HMAC_STAGE_FLAG, entry, ottlString } from "./ottl.js";
import { placesOf, type Place } from "./places.js";
import { SCAN_END, SCAN_SLOT, scanStatements } from "./scan.js";

const ATTRIBUTES = "attributes";

/** What the shared stage hashes of one place's detector hits: these keys' values, where these detectors match. */
export interface HitPlan {
  readonly keys: readonly string[];
  readonly detectors: readonly SinkDetector[];
}

/** For a service, what the shared stage hashes of each place's hits (undefined: nothing). */
export type Hits = (place: Place) => HitPlan | undefined;

const placeId = (place: Place): string => `${place.context}\n${place.scope ?? ""}`;

/** Detectors whose hit is hashed. */
const hashing = (detectors: readonly SinkDetector[]): SinkDetector[] => detectors.filter((d) => d.action.kind === "hash");

/**
 * The keys of a place whose detector hits a sink with `detectors` hashes as they are: the
 * strings it keeps (a kept list is dropped on a hit, free text cleared; a masked or truncated
 * value is rescanned after its action, so its hit is not the raw value's).
 */
export function hitKeys(place: Place, detectors: readonly SinkDetector[]): string[] {
  if (hashing(detectors).length === 0) return [];
  return place.fields.filter((f) => f.action.kind === "keep" && f.field.type === "string").map((f) => f.field.key);
}

/**
 * For one service, the union over `views` (its view at one sink of each class) of each place's
 * hit keys and hash-action detectors: what the shared stage hashes. Undefined when there is none.
 */
export function hitPlan(views: readonly SinkView[]): Hits | undefined {
  const byPlace = new Map<string, { keys: Set<string>; detectors: Map<string, SinkDetector> }>();
  for (const view of views) {
    for (const place of placesOf(view)) {
      const keys = hitKeys(place, view.detectors);
      if (keys.length === 0) continue;
      const plan = byPlace.get(placeId(place)) ?? { keys: new Set<string>(), detectors: new Map<string, SinkDetector>() };
      for (const key of keys) plan.keys.add(key);
      for (const d of hashing(view.detectors)) plan.detectors.set(JSON.stringify(d.detector), d);
      byPlace.set(placeId(place), plan);
    }
  }
  if (byPlace.size === 0) return undefined;
  const plans = new Map([...byPlace].map(([id, p]) => [id, { keys: [...p.keys], detectors: [...p.detectors.values()] }] as const));
  return (place) => plans.get(placeId(place));
}

/** `attributes["cordon.hmac.hit/<key>"]` */
export const hitDigest = (key: string): string => entry(ATTRIBUTES, HIT_PREFIX + key);

/** Removes every staged hit digest and the mark. */
export const DROP_HITS = `delete_matching_keys(${ATTRIBUTES}, ${ottlString("^cordon\\.hmac\\.hit")})`;

/** Does this map hold staged hit digests? */
export const HAS_HITS = `${entry(ATTRIBUTES, HIT_FLAG)} != nil`;

/**
 * Shared stage, one place: the digests of the hits of `plan` staged. Record places scan first
 * and stage in their detection group; the resource (once per resource) stages directly, and first
 * removes any `cordon.hmac…` key a sender sent (the sinks' own removal would remove the digests).
 */
export function hitStageStatements(place: Place, plan: HitPlan): string[] {
  const exact = ottlString(anyOf(plan.detectors.map((d) => detectorPattern(d.detector))));
  const resource = place.context === "resource";
  const scans = !resource && plan.detectors.every((d) => joinable(d.detector));
  const guard = scans ? `${SCAN_SLOT} == true and ` : "";
  const statements = resource ? [`delete_matching_keys(${ATTRIBUTES}, ${ottlString("^cordon\\.hmac")})`] : [];
  if (scans) statements.push(...scanStatements(plan.keys.map((k) => entry(ATTRIBUTES, k)), plan.detectors));
  for (const key of plan.keys) {
    const value = entry(ATTRIBUTES, key);
    // the shared stage dropped wrongly typed record values already; resources are checked per sink, after this
    statements.push(`set(${hitDigest(key)}, ${value}) where ${guard}${resource ? `IsString(${value}) and ` : ""}IsMatch(${value}, ${exact})`);
  }
  const any = plan.keys.map((k) => `${hitDigest(k)} != nil`).join(" or ");
  statements.push(`set(${entry(ATTRIBUTES, HIT_FLAG)}, true) where ${guard}${plan.keys.length > 1 ? `(${any})` : any}`);
  // marks the map for transform/hmac.staged (./digests.ts)
  statements.push(`set(${entry(ATTRIBUTES, HMAC_STAGE_FLAG)}, true) where ${guard}${HAS_HITS}`);
  if (scans) statements.push(SCAN_END);
  return statements;
}

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
 * 2. redaction/hmac hashes them with the declared values;
 * 3. each sink (./statements.ts) takes the digest, prefixed with `hmac-sha256:`, where its own
 *    detector of action `hash` hits the value (hits are rare: a map copy in
 *    transform/hmac.staged for every marked record would cost more), and removes every staged hit digest and the mark: by the `keep_keys` its place
 *    runs anyway, or in its detection group (the mark makes its scan say "maybe"), or — where
 *    the place does neither — in one statement under the mark.
 *
 * So the sinks run no redaction processor of their own for detector hits. A value a sink masks
 * or truncates and then rescans is not the value the shared stage saw: that sink still hashes
 * such a hit itself (./hmac.ts).
 */
import type { SinkDetector, SinkView } from "../flows.js";
import { anyOf, detectorPattern, joinable } from "./detectors.js";
import { HIT_FLAG, HIT_PREFIX, entry, ottlString } from "./ottl.js";
import { placesOf, type Place } from "./places.js";
import { SCAN_END, SCAN_SLOT, scanStatements } from "./scan.js";

const ATTRIBUTES = "attributes";

/**
 * What the shared stage does for one place: hashes the hits of `keys`' values where `detectors`
 * match, and — `scan` — runs the scan of every class of sinks at once, marking the records any
 * class's scan would mark; each class's own scan then only reads that mark.
 */
export interface HitPlan {
  readonly keys: readonly string[];
  readonly detectors: readonly SinkDetector[];
  readonly scan?: { readonly paths: readonly string[]; readonly detectors: readonly SinkDetector[] };
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

/** The paths a class with `detectors` scans at a place (./statements.ts `scanPaths`). */
export type ScanPaths = (place: Place, detectors: readonly SinkDetector[]) => readonly string[];

const detectorId = (d: SinkDetector): string => JSON.stringify(d.detector);

/**
 * For one service, the union over `views` (its view at one sink of each class) of each place's
 * hit keys and hash-action detectors: what the shared stage hashes; and of the scans of its
 * record places, where every class that scans there can (`joinable` detectors). Undefined when
 * there is nothing to do.
 */
export function hitPlan(views: readonly SinkView[], scanPaths: ScanPaths): Hits | undefined {
  interface Union {
    keys: Set<string>;
    detectors: Map<string, SinkDetector>;
    paths: Set<string>;
    scanning: Map<string, SinkDetector>;
    unscannable: boolean;
  }
  const byPlace = new Map<string, Union>();
  for (const view of views) {
    for (const place of placesOf(view)) {
      const keys = hitKeys(place, view.detectors);
      const paths = place.context === "resource" || view.detectors.length === 0 ? [] : scanPaths(place, view.detectors);
      if (keys.length === 0 && paths.length === 0) continue;
      const plan = byPlace.get(placeId(place)) ?? { keys: new Set(), detectors: new Map(), paths: new Set(), scanning: new Map(), unscannable: false };
      for (const key of keys) plan.keys.add(key);
      for (const d of hashing(view.detectors)) plan.detectors.set(detectorId(d), d);
      if (!view.detectors.every((d) => joinable(d.detector))) plan.unscannable ||= paths.length > 0;
      for (const path of paths) plan.paths.add(path);
      if (paths.length > 0) for (const d of view.detectors) plan.scanning.set(detectorId(d), d);
      byPlace.set(placeId(place), plan);
    }
  }
  if (byPlace.size === 0) return undefined;
  const plans = new Map(
    [...byPlace].map(([id, p]) => {
      const scan = p.unscannable || p.paths.size === 0 ? undefined : { paths: [...p.paths], detectors: [...p.scanning.values()] };
      return [id, { keys: [...p.keys], detectors: [...p.detectors.values()], ...(scan && { scan }) }] as const;
    }),
  );
  return (place) => plans.get(placeId(place));
}

/**
 * May a class scan a place by reading the shared stage's mark (`plan.scan` covers its detectors
 * and every path it scans: the values are the same there, none of them changed since)?
 */
export function sharedScanCovers(plan: HitPlan | undefined, paths: readonly string[], detectors: readonly SinkDetector[]): boolean {
  if (!plan?.scan) return false;
  const mine = new Set(plan.scan.detectors.map(detectorId));
  return paths.every((p) => plan.scan!.paths.includes(p)) && detectors.every((d) => mine.has(detectorId(d)));
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
  const resource = place.context === "resource";
  const scan = resource ? undefined : plan.scan;
  const guard = scan ? `${SCAN_SLOT} == true and ` : "";
  const statements = resource ? [`delete_matching_keys(${ATTRIBUTES}, ${ottlString("^cordon\\.hmac")})`] : [];
  if (scan) statements.push(...scanStatements(scan.paths, scan.detectors));
  const any = plan.keys.map((k) => `${hitDigest(k)} != nil`).join(" or ");
  if (plan.keys.length > 0) {
    const exact = ottlString(anyOf(plan.detectors.map((d) => detectorPattern(d.detector))));
    for (const key of plan.keys) {
      const value = entry(ATTRIBUTES, key);
      // the shared stage dropped wrongly typed record values already; resources are checked per sink, after this
      statements.push(`set(${hitDigest(key)}, ${value}) where ${guard}${resource ? `IsString(${value}) and ` : ""}IsMatch(${value}, ${exact})`);
    }
  }
  // the mark: every record the scan marked (each class's scan reads it), else those holding a digest
  if (scan) statements.push(`set(${entry(ATTRIBUTES, HIT_FLAG)}, true) where ${SCAN_SLOT} == true`);
  else if (plan.keys.length > 0) statements.push(`set(${entry(ATTRIBUTES, HIT_FLAG)}, true) where ${plan.keys.length > 1 ? `(${any})` : any}`);
  if (scan) statements.push(SCAN_END);
  return statements;
}

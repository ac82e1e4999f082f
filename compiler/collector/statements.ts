/**
 * The OTTL statements that redact one place (compiler/collector/places.ts) for one sink, in
 * the order the runtime applies the contract: undeclared keys, then each declared field (type
 * check, action, detectors on what may still carry a match).
 *
 * Where the stable OTTL functions cannot reproduce the runtime exactly, the statements fail
 * closed — the attribute is removed — and docs/collector.md lists each case:
 * - a list value whose field is redacted (the runtime redacts element by element; OTTL has no
 *   loop without the alpha lambda functions), or kept at a sink where detectors run;
 * - undeclared keys under `undeclared: keep` at a sink where detectors run (their values can
 *   only be scanned by key, and the keys are not known in advance);
 * - `mask`/`truncate` with N above RE2's repeat limit (1000);
 * - a double that is not finite under a text action (Concat cannot render NaN/Infinity).
 */
import { STRICTNESS, type AttributeType, type RedactionAction } from "../../contracts/model.js";
import type { SinkDetector } from "../flows.js";
import { expressible, hash, mask, replace, textAction, truncate } from "./actions.js";
import { anyOf, detectorPattern, isBuiltIn, joinable } from "./detectors.js";
import { prefixed, takeStatements } from "./digests.js";
import { DROP_HITS, HAS_HITS, hitDigest, hitKeys, sharedScanCovers, type HitPlan } from "./hits.js";
import { HIT_FLAG, HIT_PREFIX, HMAC_STAGE_FLAG, HMAC_STAGE_PREFIX, and, entry, ottlString, ottlStringList, regexEscape, where } from "./ottl.js";
import type { FieldAt, Place } from "./places.js";
import { SCAN_END, SCAN_LOCAL, SCAN_MARK, SCAN_SLOT, scanStatements, textToScan } from "./scan.js";

const ATTRIBUTES = "attributes";
const HIT_SLOT = 'cache["cordon.hit"]';

/** The OTTL check that a value has the declared type (the runtime's `typeof` checks). */
function typeCheck(type: AttributeType, value: string): string {
  switch (type) {
    case "string":
      return `IsString(${value})`;
    case "boolean":
      return `IsBool(${value})`;
    case "int":
      return `IsInt(${value})`;
    case "double":
      // a JavaScript number with an integral value travels as an OTLP int
      return `(IsDouble(${value}) or IsInt(${value}))`;
    default:
      // OTTL has no per-element type test; IsMatch sees a list as its JSON text, so a pattern
      // over that text checks every element (nulls allowed, as the runtime's isArrayOf does).
      return `(IsList(${value}) and IsMatch(${value}, ${ottlString(LIST_JSON[type])}))`;
  }
}

const JSON_NUMBER = "-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?";
const JSON_STRING = '"([^"\\\\]|\\\\.)*"';
const listOf = (element: string): string => `^\\[((${element}|null)(,(${element}|null))*)?\\]$`;
/** The JSON text of a list whose elements all have the declared type. */
const LIST_JSON: Readonly<Record<Exclude<AttributeType, "string" | "boolean" | "int" | "double">, string>> = {
  "string[]": listOf(JSON_STRING),
  "int[]": listOf("-?[0-9]+"),
  "double[]": listOf(JSON_NUMBER),
  "boolean[]": listOf("true|false"),
};

const isList = (type: AttributeType): boolean => type.endsWith("[]");

/** Detectors grouped by the action of a match, in the order that lets the strictest win. */
interface DetectorGroup {
  readonly action: RedactionAction;
  readonly pattern: string;
  /** Index of its first detector: among equally strict actions the earliest detector wins. */
  readonly first: number;
}

export function detectorGroups(detectors: readonly SinkDetector[]): DetectorGroup[] {
  const groups = new Map<string, { action: RedactionAction; patterns: string[]; first: number }>();
  detectors.forEach((d, i) => {
    const id = JSON.stringify(d.action);
    const group = groups.get(id) ?? { action: d.action, patterns: [], first: i };
    group.patterns.push(detectorPattern(d.detector));
    groups.set(id, group);
  });
  return [...groups.values()]
    .map((g) => ({ action: g.action, pattern: anyOf(g.patterns), first: g.first }))
    // later statements overwrite the hit: least strict first; among equals, the earliest last
    .sort((a, b) => STRICTNESS[a.action.kind] - STRICTNESS[b.action.kind] || b.first - a.first);
}

/**
 * Apply the action of a detector match to a string value (a match never keeps it). `digested`:
 * the shared stage hashed this very value's hit already (./hits.ts) — the digest replaces it
 * (and, should it be missing, the value is removed: fail closed).
 */
function matchAction(action: RedactionAction, key: string, target: string, when: string | undefined, digested: boolean): string[] {
  const drop = [where(`delete_key(${ATTRIBUTES}, ${ottlString(key)})`, when)];
  switch (action.kind) {
    case "keep":
    case "drop":
      return drop;
    case "replace":
      return replace(target, action.with, when);
    case "hash":
      if (!digested) return hash(ATTRIBUTES, key, target, when);
      return [
        where(`delete_key(${ATTRIBUTES}, ${ottlString(key)})`, and(when, `${hitDigest(key)} == nil`)),
        // a missing digest would leave the bare prefix: the value is gone then (above)
        where(`set(${target}, ${prefixed(hitDigest(key))})`, and(when, `${hitDigest(key)} != nil`)),
      ];
    case "mask":
      return expressible(action) ? mask(target, action.keepLast, when) : drop;
    case "truncate":
      return expressible(action) ? truncate(target, action.length, when) : drop;
  }
}

/** Actions after which the value is gone from its key: later detectors find nothing there. */
const REMOVES = new Set<RedactionAction["kind"]>(["keep", "drop", "hash"]);

/**
 * Run the detectors on a string value: the strictest matching action redacts the whole value.
 * When every action removes the value (drop, hash), the strictest is applied first and the
 * others find nothing left; otherwise the hit is decided first, in a cache slot.
 */
function detect(groups: readonly DetectorGroup[], key: string, target: string, when: string | undefined, digested = false): string[] {
  if (groups.length === 0) return [];
  const hit = (g: DetectorGroup) => `IsMatch(${target}, ${ottlString(g.pattern)})`;
  if (groups.every((g) => REMOVES.has(g.action.kind))) {
    return [...groups].reverse().flatMap((g) => matchAction(g.action, key, target, and(when, hit(g)), digested));
  }
  const statements = [where(`set(${HIT_SLOT}, 0)`, when)];
  groups.forEach((g, i) => statements.push(where(`set(${HIT_SLOT}, ${i + 1})`, and(when, `IsString(${target})`, hit(g)))));
  groups.forEach((g, i) => statements.push(...matchAction(g.action, key, target, and(when, `${HIT_SLOT} == ${i + 1}`), digested)));
  // What a mask or truncation of a hit leaves (`^abc` truncated to `abcd`) is dropped where any
  // detector of the sink still finds something in it, as the runtime drops it (runtime/
  // sink-context.ts `redactMatch`): a redaction that leaves a match in place has redacted
  // nothing. A replacement (the contract's constant) and a digest are not scanned again there:
  // neither here, or the Collector drops what the runtime sends (`with: "xxy"` under `x+y`).
  const any = { action: { kind: "drop" }, pattern: anyOf(groups.map((g) => g.pattern)), first: 0 } satisfies DetectorGroup;
  groups.forEach((g, i) => {
    if (g.action.kind !== "mask" && g.action.kind !== "truncate") return;
    statements.push(where(`delete_key(${ATTRIBUTES}, ${ottlString(key)})`, and(when, `${HIT_SLOT} == ${i + 1}`, `IsString(${target})`, hit(any))));
  });
  return statements;
}

function fieldStatements(
  site: FieldAt,
  groups: readonly DetectorGroup[],
  detectors: readonly SinkDetector[],
  guard: string | undefined,
  digested: ReadonlySet<string>,
): string[] {
  const { key, type } = site.field;
  const { action } = site;
  const target = entry(ATTRIBUTES, key);
  const drop = (when: string | undefined) => [where(`delete_key(${ATTRIBUTES}, ${ottlString(key)})`, when)];
  if (action.kind === "drop") return drop(undefined);
  const present = `${target} != nil`;

  // values of the wrong type are gone already (sharedPlaceStatements)
  const statements: string[] = [];
  if (isList(type)) {
    // OTTL cannot redact element by element: a redacted list is dropped (fail closed)
    if (action.kind !== "keep") return [...statements, ...drop(undefined)];
    if (groups.length === 0) return statements;
    // a kept list is scanned as its JSON text, where a built-in detector finds every match it
    // would find in an element (none of their characters is escaped by JSON); a hit drops the
    // whole list (the runtime redacts the element). User patterns might match differently there.
    if (!detectors.every((d) => isBuiltIn(d.detector))) return [...statements, ...drop(undefined)];
    return [...statements, ...drop(and(guard, `IsMatch(${target}, ${ottlString(anyOf(groups.map((g) => g.pattern)))})`))];
  }
  if (!expressible(action)) return [...statements, ...drop(undefined)];
  switch (action.kind) {
    case "keep":
      // detectors look at strings only; a number or boolean passes as it is
      return type === "string" ? [...statements, ...detect(groups, key, target, guard, digested.has(key))] : statements;
    case "replace":
      return [...statements, ...replace(target, action.with, present)];
    case "hash":
      // moved with the place's other hashed fields in one statement (placeStatements)
      return statements;
    default: {
      const text = textAction(action, ATTRIBUTES, key, target, present, type)!;
      // fail closed: a value Concat could not render is still not a string
      const guard = drop(and(present, `not IsString(${target})`));
      const rescan = detect(groups, key, target, present);
      return [...statements, ...text, ...guard, ...rescan];
    }
  }
}

/** Removes every attribute the place does not declare (or declares among `except`) but `also`. */
function keepDeclared(place: Place, except: readonly FieldAt[] = [], also: readonly string[] = []): string {
  const keys = [...place.fields.filter((f) => !except.includes(f)).map((f) => f.field.key), ...also];
  return keys.length > 0 ? `keep_keys(${ATTRIBUTES}, ${ottlStringList(keys)})` : `delete_matching_keys(${ATTRIBUTES}, ${ottlString(".*")})`;
}

/**
 * What every sink's copy of a place needs, done once before the copies are made: undeclared
 * keys removed (`undeclared: drop`) and declared fields of the wrong type dropped, as the
 * runtime's type checks do. Under `undeclared: keep`, no incoming key may pose as a value
 * staged for hashing (./hmac.ts). At a sink, for a resource: `hits`, the keys whose hit digests
 * the sink takes from the shared stage (./hits.ts), which removed what senders sent under `cordon.hmac`.
 */
export function sharedPlaceStatements(place: Place, undeclared: "drop" | "keep", hits: readonly string[] = []): string[] {
  const statements =
    undeclared === "drop"
      ? [keepDeclared(place, [], hitsKept(hits))]
      : hits.length > 0
        ? []
        : [`delete_matching_keys(${ATTRIBUTES}, ${ottlString("^cordon\\.hmac")})`];
  for (const { field } of place.fields) {
    const target = entry(ATTRIBUTES, field.key);
    // `not IsString(nil)` holds too, and deleting an absent key does nothing: no presence test needed
    statements.push(`delete_key(${ATTRIBUTES}, ${ottlString(field.key)}) where not ${typeCheck(field.type, target)}`);
  }
  return statements;
}

/** What a `keep_keys` keeps of the staged hit digests when the sink takes those of `keys`: them and their mark. */
function hitsKept(keys: Iterable<string>): string[] {
  const kept = [...keys].map((k) => HIT_PREFIX + k);
  return kept.length > 0 ? [...kept, HIT_FLAG] : [];
}

/** Free text of a record that detectors look at (span name, log body, …) and what a hit leaves there. */
export interface FreeText {
  readonly path: string;
  readonly cleared: string;
}

/** The values of the place the detectors look at as they are: kept strings and lists, free text. */
function scannedPaths(place: Place, freeText: readonly FreeText[]): string[] {
  const kept = place.fields.filter((f) => f.action.kind === "keep" && (f.field.type === "string" || isList(f.field.type)));
  return [...kept.map((f) => entry(ATTRIBUTES, f.field.key)), ...freeText.map((t) => t.path)];
}

/** The paths a sink with `detectors` scans at a place: kept strings and lists, the free text it must look at. */
export function scanPaths(place: Place, freeText: readonly FreeText[], detectors: readonly SinkDetector[]): string[] {
  return scannedPaths(place, textToScan(place, freeText, detectors));
}

/**
 * Every statement of one place at one sink. The place's scope (service, span name, …) is the
 * condition of the statement group they go into (./config.ts), so no statement repeats it.
 *
 * Detectors are regular expressions, the dearest thing a statement does: where every one can
 * (`joinable`: built-in patterns, user patterns without `\A`, `\z` or inline flags), one scan of
 * the record's scanned values (./scan.ts) decides whether the per-value scans run at all — on
 * most records they do not. Free text the place's scope fixes (a declared span or event name)
 * is not scanned at all where no detector can match that constant.
 */
export function placeStatements(
  place: Place,
  undeclared: "drop" | "keep",
  detectors: readonly SinkDetector[],
  freeText: readonly FreeText[] = [],
  digests: readonly string[] = [],
  shared?: HitPlan,
  hitsCleared = false,
): string[] {
  const hits = shared?.keys ?? [];
  const groups = detectorGroups(detectors);
  const text = textToScan(place, freeText, detectors);
  const statements: string[] = [];
  // hit digests the shared stage staged (./hits.ts): those of the values this sink hashes on a
  // hit are taken, every other one removed — by a `keep_keys` below that does not name it, or
  // at the end (then the scan says "maybe" where the shared stage staged one)
  const taken = new Set(hitKeys(place, detectors).filter((k) => hits.includes(k)));
  const scanned = scannedPaths(place, text);
  const scans = groups.length > 0 && scanned.length > 0 && detectors.every((d) => joinable(d.detector));
  // where the shared stage scanned for every class at once, its mark is this place's scan
  const readsMark = scans && sharedScanCovers(shared, scanned, detectors);
  const kept = readsMark && taken.size === 0 ? [HIT_FLAG] : hitsKept(taken);
  const dropped = place.fields.filter((f) => f.action.kind === "drop");
  // digests the shared stage computed (./digests.ts): taken or removed with the dropped fields
  const digested = (f: FieldAt) => f.action.kind === "hash" && !isList(f.field.type) && digests.includes(f.field.key);
  if (digests.length > 0) {
    const hashedHere = place.fields.filter(digested).map((f) => f.field.key);
    statements.push(...takeStatements(place, digests, hashedHere, dropped.map((f) => f.field.key), undeclared, groups.length > 0, kept));
  } else if (undeclared === "keep" && groups.length > 0) {
    // undeclared values cannot be scanned by key (their keys are not known): fail closed
    statements.push(keepDeclared(place, dropped, kept));
  } else if (undeclared === "drop" && dropped.length > 0) {
    // only declared keys are left (sharedPlaceStatements): keep those that are not dropped here
    statements.push(keepDeclared(place, dropped, kept));
  }
  const removed = new Set(statements.length > 0 ? dropped : []);
  // the shared stage may have marked the record (./hits.ts): its mark goes with the digests
  const hitsLeft = shared !== undefined && (taken.size > 0 || readsMark || !(hitsCleared || statements.some((s) => s.startsWith(`keep_keys(${ATTRIBUTES}, `))));
  let guard: string | undefined;
  if (scans) {
    if (readsMark) statements.push(`set(${SCAN_MARK}, true) where ${HAS_HITS}`, SCAN_LOCAL);
    else statements.push(...scanStatements(scanned, detectors, hitsLeft ? HAS_HITS : undefined));
    guard = `${SCAN_SLOT} == true`;
  }
  for (const site of place.fields) if (!removed.has(site)) statements.push(...fieldStatements(site, groups, detectors, guard, taken));
  // declared fields to hash: all moved to their staging keys at once (the redaction processor
  // stringifies non-string values as JavaScript's String() does: `redact_all_types`)
  const hashed = place.fields.filter((f) => f.action.kind === "hash" && !isList(f.field.type) && !digested(f)).map((f) => f.field.key);
  if (hashed.length > 0) {
    // when nothing but those fields can be left — undeclared keys removed (here or in the shared
    // stage), every other declared field dropped here — every key moves: no alternation to match
    const undeclaredGone = undeclared === "drop" || groups.length > 0;
    const onlyHashed = undeclaredGone && digests.length === 0 && place.fields.every((f) => f.action.kind === "drop" || f.action.kind === "hash");
    const keys = onlyHashed ? "^" : `^(${hashed.map(regexEscape).join("|")})$`;
    const to = onlyHashed ? HMAC_STAGE_PREFIX : `${HMAC_STAGE_PREFIX}$1`;
    statements.push(`replace_all_patterns(${ATTRIBUTES}, "key", ${ottlString(keys)}, ${ottlString(to)})`);
  }
  // marks the map for transform/hmac (./hmac.ts), which then finishes only marked maps
  const staged = stagedKeys(statements);
  if (hashed.length > 0) statements.push(`set(${entry(ATTRIBUTES, HMAC_STAGE_FLAG)}, true)`);
  else if (staged.length > 0) {
    const any = staged.map((k) => `${entry(ATTRIBUTES, k)} != nil`).join(" or ");
    const flag = `set(${entry(ATTRIBUTES, HMAC_STAGE_FLAG)}, true)`;
    // only a detector hit stages a value here: after the per-value statements that wait for the
    // scan (./detection.ts may move them, this with them), and after masks and truncations,
    // which rescan their output on every record
    const rescans = place.fields.some((f) => f.action.kind === "mask" || f.action.kind === "truncate");
    if (guard === undefined || rescans) statements.push(`${flag} where ${any}`);
    if (guard !== undefined) statements.push(`${flag} where ${guard} and ${staged.length > 1 ? `(${any})` : any}`);
  }
  // a name stays in the place's group (a span's name selects its events' groups): it tests the
  // mark; other free text waits for the scan like the values (./detection.ts may move it)
  const names = text.filter((t) => t.path === "name");
  statements.push(...freeTextStatements(names, detectors, guard && `${SCAN_MARK} != nil`));
  statements.push(...freeTextStatements(text.filter((t) => !names.includes(t)), detectors, guard));
  // what is left of the staged hit digests: on the records the scan marked, or that hold one
  if (hitsLeft) statements.push(where(DROP_HITS, guard ?? HAS_HITS));
  if (guard !== undefined) statements.push(SCAN_END);
  return statements;
}

/** The staging keys (`cordon.hmac/<key>`) that these statements may set. */
function stagedKeys(statements: readonly string[]): string[] {
  const keys = new Set<string>();
  const literal = ottlString(HMAC_STAGE_PREFIX).slice(0, -1);
  for (const s of statements) {
    if (!s.startsWith(`set(${ATTRIBUTES}[${literal}`)) continue;
    const end = s.indexOf("], ");
    keys.add(JSON.parse(s.slice(`set(${ATTRIBUTES}[`.length, end).replaceAll("$$", "$")) as string);
  }
  return [...keys];
}

/**
 * Detectors on free text (SPEC §1.8: span and event names, status messages, log bodies and
 * severity text, scope names) at a sink where some class may not go raw. Every hit is treated
 * as `drop`, whatever the class's action — a name becomes `redacted`, a body or message is
 * removed: stricter than the runtime for hash, mask, truncate and replace (docs/collector.md).
 */
export function freeTextStatements(paths: readonly FreeText[], detectors: readonly SinkDetector[], guard?: string): string[] {
  if (detectors.length === 0) return [];
  const pattern = ottlString(anyOf(detectors.map((d) => detectorPattern(d.detector))));
  return paths.map(({ path, cleared }) => where(`set(${path}, ${cleared})`, and(guard, `IsString(${path})`, `IsMatch(${path}, ${pattern})`)));
}

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
import { expressible, mask, replace, textAction, truncate } from "./actions.js";
import { anyOf, detectorPattern } from "./detectors.js";
import { and, entry, ottlString, ottlStringList, where } from "./ottl.js";
import type { FieldAt, Place } from "./places.js";

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
      return `IsList(${value})`;
  }
}

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

/** Apply the action of a detector match to a string value (a match never keeps it). */
function matchAction(action: RedactionAction, key: string, target: string, when: string | undefined): string[] {
  switch (action.kind) {
    case "keep":
    case "drop":
      return [where(`delete_key(${ATTRIBUTES}, ${ottlString(key)})`, when)];
    case "replace":
      return replace(target, action.with, when);
    case "hash":
      return textAction(action, target, when)!;
    case "mask":
      return expressible(action) ? mask(target, action.keepLast, when) : [where(`delete_key(${ATTRIBUTES}, ${ottlString(key)})`, when)];
    case "truncate":
      return expressible(action) ? truncate(target, action.length, when) : [where(`delete_key(${ATTRIBUTES}, ${ottlString(key)})`, when)];
  }
}

/** Run the detectors on a string value: the strictest matching action redacts the whole value. */
function detect(groups: readonly DetectorGroup[], key: string, target: string, when: string | undefined): string[] {
  if (groups.length === 0) return [];
  const statements = [where(`set(${HIT_SLOT}, 0)`, when)];
  groups.forEach((g, i) => {
    statements.push(where(`set(${HIT_SLOT}, ${i + 1})`, and(when, `IsString(${target})`, `IsMatch(${target}, ${ottlString(g.pattern)})`)));
  });
  groups.forEach((g, i) => statements.push(...matchAction(g.action, key, target, and(when, `${HIT_SLOT} == ${i + 1}`))));
  return statements;
}

function fieldStatements(site: FieldAt, scope: string | undefined, groups: readonly DetectorGroup[]): string[] {
  const { key, type } = site.field;
  const { action } = site;
  const target = entry(ATTRIBUTES, key);
  const drop = (when: string | undefined) => [where(`delete_key(${ATTRIBUTES}, ${ottlString(key)})`, when)];
  if (action.kind === "drop") return drop(scope);
  const present = and(scope, `${target} != nil`);

  const statements = drop(and(present, `not ${typeCheck(type, target)}`));
  if (isList(type)) {
    // kept lists pass only where no detector has to look inside them
    if (action.kind !== "keep" || groups.length > 0) statements.push(...drop(scope));
    return statements;
  }
  if (!expressible(action)) return [...statements, ...drop(scope)];
  switch (action.kind) {
    case "keep":
      // detectors look at strings only; a number or boolean passes as it is
      return type === "string" ? [...statements, ...detect(groups, key, target, present)] : statements;
    case "replace":
      return [...statements, ...replace(target, action.with, present)];
    default: {
      const text = textAction(action, target, present)!;
      // fail closed: a value Concat could not render is still not a string
      const guard = drop(and(present, `not IsString(${target})`));
      const rescan = action.kind === "hash" ? [] : detect(groups, key, target, present);
      return [...statements, ...text, ...guard, ...rescan];
    }
  }
}

/** Every statement of one place at one sink. */
export function placeStatements(
  place: Place,
  undeclared: "drop" | "keep",
  detectors: readonly SinkDetector[],
): string[] {
  const groups = detectorGroups(detectors);
  const statements: string[] = [];
  if (undeclared === "drop" || groups.length > 0) {
    const keys = place.fields.map((f) => f.field.key);
    statements.push(
      where(
        keys.length > 0 ? `keep_keys(${ATTRIBUTES}, ${ottlStringList(keys)})` : `delete_matching_keys(${ATTRIBUTES}, ${ottlString(".*")})`,
        place.scope,
      ),
    );
  }
  for (const site of place.fields) statements.push(...fieldStatements(site, place.scope, groups));
  return statements;
}


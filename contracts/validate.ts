/**
 * Shape validation: each document against its kind's JSON Schema (ajv, every error, compiled
 * once per run), with ajv's errors turned into issues a person can act on: unions reduced to
 * the alternative the author was writing, unknown properties with a "did you mean", paths
 * kept as YAML paths so every issue gets its line and column.
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import { didYouMean } from "./did-you-mean.js";
import type { Issue } from "./issue.js";
import { API_VERSION, FIELD_KEY_PATTERN, KINDS, NAME_PATTERN, REGION_PATTERN, type Kind } from "./schema/constants.js";
import type { RawDocuments } from "./schema/index.js";
import * as compiled from "./schema/validators.compiled.js";

export type DocumentValidators = { readonly [K in Kind]: ValidateFunction<RawDocuments[K]> };

/**
 * The validators of every kind, precompiled from the schemas by ajv (see
 * schema/standalone.ts): no schema compilation, and no TypeBox, at run time.
 */
export function compiledValidators(): DocumentValidators {
  // A plain object of them: a module namespace read by a computed key (`validators[kind]`,
  // once per document) takes a slow path in V8.
  const namespace = compiled as unknown as DocumentValidators;
  return Object.fromEntries(KINDS.map((kind) => [kind, namespace[kind]])) as unknown as DocumentValidators;
}

export type Checked = { readonly kind: Kind; readonly data: RawDocuments[Kind] } | { readonly kind?: undefined };

/** Header first (apiVersion, kind), then the kind's schema. */
export function validateDocument(
  validators: DocumentValidators,
  data: unknown,
  at: { file: string; doc: number },
): { checked: Checked; issues: Issue[] } {
  const issue = (path: (string | number)[], message: string, hint?: string, atKey = false): Issue => ({
    rule: "contract/schema",
    file: at.file,
    doc: at.doc,
    path,
    message,
    ...(hint ? { hint } : {}),
    ...(atKey ? { atKey } : {}),
  });
  if (!isObject(data)) {
    return {
      checked: {},
      issues: [issue([], `a contract document must be a mapping with apiVersion and kind, not ${describe(data)}`, `start the document with\n  apiVersion: ${API_VERSION}\n  kind: Service`)],
    };
  }
  const issues: Issue[] = [];
  if (!Object.hasOwn(data, "apiVersion")) issues.push(issue([], "missing `apiVersion`", `add \`apiVersion: ${API_VERSION}\``));
  else if (data.apiVersion !== API_VERSION)
    issues.push(issue(["apiVersion"], `unsupported apiVersion ${JSON.stringify(data.apiVersion)}`, `this cordon reads \`apiVersion: ${API_VERSION}\``));
  const kind = data.kind;
  if (!Object.hasOwn(data, "kind")) {
    issues.push(issue([], "missing `kind`", `add \`kind:\` one of ${KINDS.join(", ")}`));
    return { checked: {}, issues };
  }
  if (typeof kind !== "string" || !(KINDS as readonly string[]).includes(kind)) {
    const hint = typeof kind === "string" ? didYouMean(kind, KINDS) : undefined;
    issues.push(issue(["kind"], `unknown kind ${JSON.stringify(kind)}: one of ${KINDS.join(", ")}`, hint));
    return { checked: {}, issues };
  }
  const validate = validators[kind as Kind];
  const headerProblems = issues.length;
  /** The unknown properties: without them the document may be valid. */
  const unknown: (string | number)[][] = [];
  if (!validate(data)) {
    for (const error of simplify(validate.errors ?? [])) {
      if (error.instancePath === "/apiVersion") continue; // reported above, with a better message
      if (error.keyword === "required" && (error.params as { missingProperty?: string }).missingProperty === "apiVersion") continue; // likewise
      if (error.keyword === "additionalProperties") unknown.push(unknownProperty(error, data));
      const issue = toIssue(error, data, at);
      if (issue) issues.push(issue);
    }
  }
  if (issues.length === 0) return { checked: { kind: kind as Kind, data: data as RawDocuments[Kind] }, issues };
  // An unknown property hides nothing else (SPEC §1: every independent problem in one run):
  // without it the document may be valid, and then its references, durations and patterns are
  // checked too. A document still invalid without them is left out: its data cannot be trusted.
  if (headerProblems === 0 && unknown.length > 0) {
    const pruned = withoutProperties(data, unknown);
    if (validate(pruned)) return { checked: { kind: kind as Kind, data: pruned as RawDocuments[Kind] }, issues };
  }
  return { checked: {}, issues };
}

/** The path of an unknown property, its key last. */
function unknownProperty(error: ErrorObject, root: unknown): (string | number)[] {
  return [...pathOf(error.instancePath, root), String((error.params as { additionalProperty: string }).additionalProperty)];
}

/** A copy of `root` without the properties at `paths`: only the objects along them are copied (null-prototype, as read). */
function withoutProperties(root: unknown, paths: readonly (readonly (string | number)[])[]): unknown {
  const copy = (value: unknown): unknown => {
    if (Array.isArray(value)) return [...(value as unknown[])];
    if (!isObject(value)) return value;
    const object = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(value)) object[key] = value[key];
    return object;
  };
  const top = copy(root);
  const copied = new Set<unknown>([top]);
  for (const path of paths) {
    let node = top;
    for (const segment of path.slice(0, -1)) {
      const container = node as Record<string | number, unknown>;
      let child = container[segment];
      if (!copied.has(child)) {
        child = copy(child);
        container[segment] = child;
        copied.add(child);
      }
      node = child;
    }
    if (isObject(node)) delete node[String(path[path.length - 1])];
  }
  return top;
}

// --- from ajv errors to issues -------------------------------------------------------------

/** A synthetic error: a union none of whose alternatives fits. */
interface UnionMismatch extends ErrorObject {
  readonly keyword: "x-union";
}

/**
 * Replace each anyOf failure by what the author meant: the errors of the one alternative
 * whose outer shape fits (or the one that fits best), or one "must be …" error.
 */
function simplify(errors: readonly ErrorObject[]): ErrorObject[] {
  const unions = errors.filter((e) => e.keyword === "anyOf").sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  const union = unions[0];
  if (!union) return dedupe(errors);
  const prefix = union.schemaPath + "/";
  const within = (e: ErrorObject) =>
    e.schemaPath.startsWith(prefix) && (e.instancePath === union.instancePath || e.instancePath.startsWith(union.instancePath + "/"));
  const inside = errors.filter(within);
  const rest = errors.filter((e) => e !== union && !within(e));
  return [...simplify(chooseAlternative(union, inside)), ...simplify(rest)];
}

function chooseAlternative(union: ErrorObject, inside: readonly ErrorObject[]): ErrorObject[] {
  const branches = new Map<string, ErrorObject[]>();
  for (const error of inside) {
    const branch = error.schemaPath.slice(union.schemaPath.length + 1).split("/")[0] ?? "";
    branches.set(branch, [...(branches.get(branch) ?? []), error]);
  }
  const atTop = (e: ErrorObject) => e.instancePath === union.instancePath;
  const wrongType = (e: ErrorObject) => atTop(e) && ["type", "enum", "const"].includes(e.keyword);
  const shapeFits = (list: ErrorObject[]) => list.every((e) => !atTop(e) || !["type", "enum", "const", "required", "additionalProperties"].includes(e.keyword));
  const candidates = [...branches.values()];
  const fitting = candidates.filter(shapeFits);
  const sameType = candidates.filter((list) => !list.some(wrongType));
  const pool = fitting.length > 0 ? fitting : isObject(union.data) ? sameType : [];
  const best = pool.sort((a, b) => a.length - b.length)[0];
  if (best) return best;
  const mismatch: UnionMismatch = { ...union, keyword: "x-union", params: {} };
  return [mismatch];
}

function dedupe(errors: readonly ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.instancePath}\u0000${e.keyword}\u0000${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toIssue(error: ErrorObject, root: unknown, at: { file: string; doc: number }): Issue | undefined {
  const path = pathOf(error.instancePath, root);
  const parent = (error.parentSchema ?? {}) as { description?: string; properties?: Record<string, unknown>; patternProperties?: Record<string, unknown>; enum?: unknown[] };
  const schema = error.schema as unknown;
  const base = { rule: "contract/schema", file: at.file, doc: at.doc } as const;
  const where = path.length > 0 ? `\`${readablePath(path)}\`` : "the document";
  const described = parent.description ? ` (${parent.description})` : "";
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const patterns = Object.keys(parent.patternProperties ?? {});
      if (patterns.length > 0) {
        const what = patterns.includes(FIELD_KEY_PATTERN)
          ? "OpenTelemetry attribute key (a letter, then letters, digits, `.`, `_` or `-`; at most 255)"
          : patterns.includes(REGION_PATTERN)
            ? "region id (a letter or digit, then letters, digits, `_`, `.` or `-`; at most 63)"
            : "key here";
        return { ...base, path: [...path, key], atKey: true, message: `\`${key}\` is not a valid ${what}` };
      }
      const known = Object.keys(parent.properties ?? {});
      const hint = didYouMean(key, known) ?? (known.length > 0 ? `allowed here: ${known.join(", ")}` : undefined);
      return {
        ...base,
        path: [...path, key],
        atKey: true,
        message: `unknown property \`${key}\`${path.length > 0 ? ` in ${where}` : ""}`,
        ...(hint ? { hint } : {}),
      };
    }
    case "required": {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      const property = (parent.properties?.[missing] ?? {}) as { description?: string };
      return {
        ...base,
        path,
        message: `missing required property \`${missing}\`${path.length > 0 ? ` in ${where}` : ""}`,
        hint: `add \`${missing}:\`${property.description ? ` (${property.description})` : ""}`,
      };
    }
    case "type":
      return { ...base, path, message: `${where} must be ${article(String((error.params as { type: string }).type))}, not ${describe(error.data)}${described}` };
    case "enum": {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const hint = typeof error.data === "string" ? didYouMean(error.data, allowed) : undefined;
      return { ...base, path, message: `${where} must be one of ${allowed.join(", ")}, not ${JSON.stringify(error.data)}`, ...(hint ? { hint } : {}) };
    }
    case "const":
      return { ...base, path, message: `${where} must be ${JSON.stringify(schema)}` };
    case "pattern":
      return {
        ...base,
        path,
        message: `${JSON.stringify(error.data)} is not valid as ${where}${described}`,
        ...(schema === NAME_PATTERN ? { hint: "a name is a lowercase letter, then lowercase letters, digits, `_` or `-`; at most 63 characters" } : {}),
      };
    case "x-union": {
      const what = parent.description ?? "valid value";
      // "a detector: pan, …" reads as a noun; "what happens to a value …" does not
      const expected = /^an? /.test(what) ? what : /^[a-z][a-z ]*:|^valid value$/.test(what) ? `a ${what}` : `valid here (${what})`;
      // A redaction is the union an author most often gets wrong: say its forms.
      const redaction = path[path.length - 1] === "redaction";
      const hint = redaction ? ((typeof error.data === "string" ? didYouMean(error.data, REDACTION_ACTIONS) : undefined) ?? REDACTION_FORMS) : undefined;
      return { ...base, path, message: `${where} must be ${expected}, not ${describe(error.data)}`, ...(hint ? { hint } : {}) };
    }
    case "minLength":
      if (schema === 1) return { ...base, path, message: `${where} must not be empty` };
      return { ...base, path, message: `${where} must be at least ${String(schema)} characters long` };
    case "minItems":
      return { ...base, path, message: `${where} must list at least ${String(schema)} item${schema === 1 ? "" : "s"}` };
    case "maxProperties":
      // the `then` of a service attribute: `{ ref }` takes no other keys
      return { ...base, path, message: `${where} takes its definition from its field set: \`{ ref }\` allows no other keys`, hint: "remove the other keys, or define the field here without `ref`" };
    case "if":
      return undefined;
    case "uniqueItems":
      return { ...base, path, message: `${where} lists the same item twice` };
    default:
      return { ...base, path, message: `${where} ${error.message ?? "is not valid"}` };
  }
}

const REDACTION_ACTIONS = ["keep", "drop", "hash", "mask", "truncate", "replace"];
const REDACTION_FORMS = 'a redaction is one of keep, drop, hash, { mask: { keep_last: N } }, { truncate: { length: N } } or { replace: { with: "…" } }';

/** `tiers[0].rto`, `telemetry.resource["service.name"]`. */
export function readablePath(path: readonly (string | number)[]): string {
  return path
    .map((segment, i) =>
      typeof segment === "number" ? `[${segment}]` : /^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment) ? `${i === 0 ? "" : "."}${segment}` : `[${JSON.stringify(segment)}]`,
    )
    .join("");
}

/** JSON pointer → YAML path, with numbers where the data holds arrays. */
function pathOf(pointer: string, root: unknown): (string | number)[] {
  if (pointer === "") return [];
  const path: (string | number)[] = [];
  let node = root;
  for (const raw of pointer.slice(1).split("/")) {
    const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(node)) {
      const index = Number(segment);
      path.push(index);
      node = node[index];
    } else {
      path.push(segment);
      node = isObject(node) ? node[segment] : undefined;
    }
  }
  return path;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the text ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  return `${typeof value} ${String(value)}`;
}

function article(type: string): string {
  const names: Record<string, string> = { object: "mapping", array: "list", integer: "whole number", number: "number", string: "text", boolean: "boolean (true/false)" };
  const name = type.split(",").map((t) => names[t] ?? t).join(" or ");
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

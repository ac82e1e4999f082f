/**
 * docs/contract-reference.md, rendered from the JSON Schema of contract files (the same
 * schema the validator runs and `cordon schema` prints), so the reference cannot drift.
 */

import { DURATION_PATTERN, ENDPOINT_PATTERN } from "../../contracts/schema/editor-patterns.js";

type Schema = Record<string, unknown>;

/** Patterns with a name the reader knows (the intro says what a duration looks like). */
const NAMED_PATTERNS: ReadonlyMap<unknown, string> = new Map([
  [DURATION_PATTERN, "duration"],
  [ENDPOINT_PATTERN, "endpoint"],
]);

interface Row {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly description: string;
}

function typeOf(schema: Schema): string {
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((v) => `\`${String(v)}\``).join(" | ");
  if ("const" in schema) return `\`${String(schema.const)}\``;
  const named = NAMED_PATTERNS.get(schema.pattern);
  if (named) return named;
  const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(variants)) return variants.map(typeOf).join(" | ");
  if (schema.type === "array") return `${typeOf((schema.items as Schema | undefined) ?? {})}[]`;
  if (schema.type === "object" && schema.patternProperties) return "map";
  if (typeof schema.type === "string") return schema.type;
  if (schema.if && schema.properties) return "object";
  return "any";
}

function walk(schema: Schema, path: string, required: boolean, rows: Row[], depth: number): void {
  rows.push({ path, type: typeOf(schema), required, description: String(schema.description ?? "") });
  children(schema, path, rows, depth);
}

/** The rows below a node: its properties, its map values, its array items' properties. */
function children(schema: Schema, path: string, rows: Row[], depth: number): void {
  if (depth > 8) return;
  const properties = schema.properties as Record<string, Schema> | undefined;
  const requiredKeys = new Set((schema.required as string[] | undefined) ?? []);
  for (const [key, child] of Object.entries(properties ?? {})) {
    if (depth === 0 && (key === "apiVersion" || key === "kind")) continue;
    walk(child, path ? `${path}.${key}` : key, requiredKeys.has(key), rows, depth + 1);
  }
  for (const child of Object.values((schema.patternProperties ?? {}) as Record<string, Schema>)) {
    walk(child, `${path}.<key>`, false, rows, depth + 1);
  }
  if (schema.type === "array" && schema.items && typeof schema.items === "object") {
    children(schema.items as Schema, `${path}[]`, rows, depth + 1);
  }
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function contractReference(editorSchema: Schema): string {
  const definitions = (editorSchema.definitions ?? {}) as Record<string, Schema>;
  const out = [
    "# Contract reference (`apiVersion: cordon/v1`)",
    "",
    "<!-- Generated from the JSON Schema (contracts/schema) by test/docs/generated-docs.test.ts; do not edit. -->",
    "",
    "Every document starts with `apiVersion: cordon/v1` and `kind: <kind>`. Unknown properties",
    "are errors (`contract/schema`) with a did-you-mean. Durations: `0s`, `90s`, `15m`, `4h`,",
    "`1d`, `1h30m` or ISO-8601 (`PT15M`, `P1D`). The language itself is described in SPEC §1;",
    "`cordon schema` prints this schema for editors.",
    "",
  ];
  for (const [kind, schema] of Object.entries(definitions)) {
    out.push(`## \`${kind}\``, "");
    if (schema.description) out.push(String(schema.description), "");
    const rows: Row[] = [];
    children(schema, "", rows, 0);
    out.push("| property | type | required | description |", "|---|---|---|---|");
    for (const row of rows) {
      out.push(`| \`${row.path}\` | ${cell(row.type)} | ${row.required ? "yes" : ""} | ${cell(row.description)} |`);
    }
    out.push("");
  }
  return out.join("\n");
}

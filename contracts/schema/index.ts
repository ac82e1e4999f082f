/**
 * The JSON Schema of every contract kind (SPEC §1). The raw document types are `Static<>`
 * of these schemas, and the resolver (../resolve) builds the model from those types, so
 * schema and model cannot drift apart silently.
 */
import { type Static, type TSchema } from "@sinclair/typebox";
import { EDITOR_ONLY } from "./common.js";
import { API_VERSION, KINDS, type Kind } from "./constants.js";
import { DataClassesDocument } from "./data-classes.js";
import { FieldSetDocument } from "./field-set.js";
import { ResidencyDocument } from "./residency.js";
import { ServiceDocument } from "./service.js";
import { SinkDocument } from "./sink.js";
import { TiersDocument } from "./tiers.js";
import { WaiverDocument } from "./waiver.js";

export { API_VERSION, KINDS, type Kind };

export const documentSchemas = {
  DataClasses: DataClassesDocument,
  Residency: ResidencyDocument,
  Tiers: TiersDocument,
  Sink: SinkDocument,
  Service: ServiceDocument,
  FieldSet: FieldSetDocument,
  Waiver: WaiverDocument,
} as const satisfies Record<Kind, TSchema>;

/** A raw, schema-valid document of each kind. */
export type RawDocuments = { [K in Kind]: Static<(typeof documentSchemas)[K]> };
export type RawDocument = RawDocuments[Kind];

export const SCHEMA_ID = "https://cordon.dev/schema/cordon-v1.json";

/**
 * One schema for editors (yaml-language-server): every kind, chosen by `kind`.
 * `if`/`then` per kind rather than a bare oneOf, so an editor reports the errors of the
 * document's own kind instead of seven alternatives.
 */
export function editorSchema(): Record<string, unknown> {
  const definitions: Record<string, unknown> = {};
  const branches: unknown[] = [];
  for (const kind of KINDS) {
    definitions[kind] = documentSchemas[kind];
    branches.push({
      if: { properties: { kind: { const: kind } }, required: ["kind"] },
      then: { $ref: `#/definitions/${kind}` },
    });
  }
  const schema = {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: SCHEMA_ID,
    title: "cordon contract (apiVersion cordon/v1)",
    type: "object",
    required: ["apiVersion", "kind"],
    properties: {
      apiVersion: { const: API_VERSION, description: "the contract language's version: cordon/v1" },
      kind: { enum: [...KINDS], description: `what the document declares: ${KINDS.join(", ")}` },
    },
    allOf: branches,
    definitions,
  };
  // The JSON round trip drops TypeBox's symbol keys: plain JSON Schema, as editors read it.
  return forEditor(JSON.parse(JSON.stringify(schema))) as Record<string, unknown>;
}

/** The editor's keywords (EDITOR_ONLY) in place of the node's own; the description stays. */
function forEditor(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forEditor);
  if (node === null || typeof node !== "object") return node;
  const record = node as Record<string, unknown>;
  const editor = record[EDITOR_ONLY] as Record<string, unknown> | undefined;
  if (editor) return { ...(record.description !== undefined ? { description: record.description } : {}), ...editor };
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, forEditor(value)]));
}


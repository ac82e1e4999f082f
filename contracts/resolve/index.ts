/**
 * From schema-valid raw documents to the resolved model (contracts/model.ts). Typed end to
 * end: the input types are `Static<>` of the schemas, the output types are the model's, so
 * a change to either that the other does not follow is a compile error.
 */
import type { ContractSet } from "../model.js";
import { buildCatalog, NameRegistry } from "./catalog.js";
import { Context, type CheckedDocument } from "./context.js";
import { resolveService } from "./service.js";

export type { CheckedDocument } from "./context.js";

export type ResolvedModel = Omit<ContractSet, "root" | "digest" | "files" | "locate">;

export function resolveDocuments(documents: readonly CheckedDocument[]): { model: ResolvedModel; issues: Context["issues"] } {
  const context = new Context();
  const catalog = buildCatalog(documents, context);
  const serviceDocuments = documents.filter((d): d is CheckedDocument<"Service"> => d.kind === "Service");
  const serviceNames = new NameRegistry("service", context);
  const unique = serviceDocuments.filter((d) => serviceNames.claim(d.data.name, d, ["name"]));
  const allNames = new Set(unique.map((d) => d.data.name));
  const storeNames = new NameRegistry("store", context);
  const services = new Map(unique.map((d) => [d.data.name, resolveService(d, catalog, allNames, storeNames, context)] as const));
  const { jurisdictions: _jurisdictions, ...model } = catalog;
  return { model: { ...model, services }, issues: context.issues };
}

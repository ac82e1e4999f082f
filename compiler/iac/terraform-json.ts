/**
 * One `terraform show -json` document (a plan or state, format 0.x or 1.x) → its managed
 * resources. Plans are read from `planned_values` (what exists after apply; deleted
 * resources are gone), with `resource_changes[].change.after_unknown` telling what is not
 * known yet and `configuration` telling providers and references; state from `values`.
 */
import { withoutInstanceKeys } from "./address.js";
import { ConfigurationTooDeep, readConfiguration, type Configuration } from "./configuration.js";
import { arrayAt, containsTrue, entriesOf, isObject, objectAt, stringAt, type JsonObject } from "./json-value.js";
import { MAX_IAC_RESOURCES, MAX_MODULE_DEPTH } from "./limits.js";
import type { IacResource } from "./model.js";
import type { ProviderRegion } from "./provider-region.js";
import { regionOf } from "./region.js";

/** Why a document is not one we can read, in words that never quote its content. */
export class NotTerraformJson extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

const SHOW_JSON_HINT = "give `terraform show -json plan.out > plan.json` (or `terraform show -json > state.json`) to --iac";

/**
 * Which resources of a plan: `planned` (after apply, the default) or `prior` (its `prior_state`,
 * what exists before: `diff --iac` compares the two). State documents have one side only.
 */
export type PlanSide = "planned" | "prior";

/** The resources of one document; `budget` is how many more resources may be read in this run. */
export function resourcesOf(document: unknown, file: string, budget: number, side: PlanSide = "planned"): IacResource[] {
  const root = recognise(document);
  let configuration: Configuration;
  try {
    configuration = readConfiguration(root);
  } catch (error) {
    if (error instanceof ConfigurationTooDeep) throw tooDeep();
    throw error;
  }
  const prior = side === "prior" ? objectAt(root, "prior_state") : undefined;
  const unknownByAddress = prior ? new Map<string, Set<string>>() : afterUnknown(root);
  const providerRegions = new Map<string, ProviderRegion>();
  const values = objectAt(prior ? objectAt(prior, "values") : (objectAt(root, "planned_values") ?? objectAt(root, "values")), "root_module");
  const resources: IacResource[] = [];
  const seenModules = new Set<string>();
  const pending: { module: JsonObject | undefined; address: string; depth: number }[] = [{ module: values, address: "", depth: 0 }];
  while (pending.length > 0) {
    const { module, address: moduleAddress, depth } = pending.pop()!;
    if (depth > MAX_MODULE_DEPTH) throw tooDeep();
    for (const raw of arrayAt(module, "resources")) {
      const resource = resourceOf(raw, file, configuration, unknownByAddress, providerRegions);
      if (!resource) continue;
      if (resources.length >= budget) throw tooMany();
      resources.push(resource);
    }
    for (const child of arrayAt(module, "child_modules")) {
      const childAddress = stringAt(child, "address");
      // A child's address extends its parent's; one that does not, or repeats, is a cycle or a forgery.
      const extendsParent = childAddress !== undefined && childAddress.startsWith(moduleAddress === "" ? "module." : `${moduleAddress}.module.`);
      if (!extendsParent || seenModules.has(childAddress)) {
        throw new NotTerraformJson(
          "its module tree is inconsistent: a child module's address repeats or does not extend its parent's (a cycle?)",
          "give the unedited output of `terraform show -json`",
        );
      }
      seenModules.add(childAddress);
      pending.push({ module: isObject(child) ? child : undefined, address: childAddress, depth: depth + 1 });
    }
  }
  return resources;
}

function recognise(document: unknown): JsonObject {
  if (!isObject(document)) throw new NotTerraformJson("it is JSON but not an object", SHOW_JSON_HINT);
  const version = stringAt(document, "format_version");
  if (version === undefined) {
    if (typeof document["version"] === "number" && Array.isArray(document["resources"])) {
      throw new NotTerraformJson("it is a raw Terraform state file, not `terraform show -json` output", SHOW_JSON_HINT);
    }
    throw new NotTerraformJson("it is not `terraform show -json` output (no `format_version`)", SHOW_JSON_HINT);
  }
  const major = /^(\d+)\.\d+$/.exec(version)?.[1];
  if (major !== "0" && major !== "1") {
    throw new NotTerraformJson(
      "its `format_version` is not one cordon reads (0.x and 1.x)",
      "produce it with a Terraform or OpenTofu release whose JSON output format is 0.x or 1.x",
    );
  }
  return document;
}

/** Plans: address → top-level attributes whose planned value is unknown until apply. */
function afterUnknown(document: JsonObject): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const change of arrayAt(document, "resource_changes")) {
    const address = stringAt(change, "address");
    const unknown = objectAt(objectAt(change, "change"), "after_unknown");
    if (address === undefined || !unknown) continue;
    const keys = new Set<string>();
    for (const [key, value] of Object.entries(unknown)) if (containsTrue(value)) keys.add(key);
    map.set(address, keys);
  }
  return map;
}

const NO_UNKNOWNS: ReadonlySet<string> = new Set();

function resourceOf(
  raw: unknown,
  file: string,
  configuration: Configuration,
  unknownByAddress: ReadonlyMap<string, ReadonlySet<string>>,
  providerRegions: Map<string, ProviderRegion>,
): IacResource | undefined {
  const address = stringAt(raw, "address");
  const type = stringAt(raw, "type");
  if (address === undefined || type === undefined) return undefined;
  const mode = stringAt(raw, "mode") ?? (address.startsWith("data.") || address.includes(".data.") ? "data" : "managed");
  if (mode !== "managed") return undefined; // data sources read; they place nothing
  const values = objectAt(raw, "values") ?? {};
  const unknown = unknownByAddress.get(address) ?? NO_UNKNOWNS;
  const configAddress = withoutInstanceKeys(address);
  const configured = configuration.resources.get(configAddress);
  const provider = providerType(stringAt(raw, "provider_name"), type);
  return {
    address,
    configAddress,
    type,
    provider,
    values,
    unknown,
    references: configured?.references ?? new Map(),
    region: regionOf({ provider, type, values, unknown, ...(configured ? { configured } : {}), configuration, providerRegions }),
    tags: tagsOf(values),
    file,
  };
}

/** `registry.terraform.io/hashicorp/aws` → `aws`; older formats give `aws` or nothing (then the type's prefix). */
function providerType(providerName: string | undefined, type: string): string {
  if (providerName) return providerName.slice(providerName.lastIndexOf("/") + 1);
  return type.slice(0, type.indexOf("_"));
}

function tagsOf(values: JsonObject): Map<string, string> {
  const tags = new Map<string, string>();
  for (const key of ["tags_all", "tags", "labels"]) {
    for (const [name, value] of entriesOf(values[key])) if (typeof value === "string") tags.set(name, value);
  }
  return tags;
}

function tooDeep(): NotTerraformJson {
  return new NotTerraformJson(
    `its modules are nested more than ${MAX_MODULE_DEPTH} deep (a cycle?)`,
    "give the unedited output of `terraform show -json`",
  );
}

function tooMany(): NotTerraformJson {
  return new NotTerraformJson(`the --iac files hold more than ${MAX_IAC_RESOURCES.toLocaleString("en-US")} resources, more than cordon reads in one run`, "check each workspace's plan in its own run");
}

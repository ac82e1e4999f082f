/**
 * The `configuration` part of a plan's JSON: which provider configuration each resource
 * uses (so its region), and what each argument refers to (so a replica can be tied to its
 * source before apply, when ids and ARNs are still unknown). State files have none.
 */
import { referencedResource } from "./address.js";
import { entriesOf, isObject, objectAt, stringAt, type JsonObject } from "./json-value.js";
import { MAX_MODULE_DEPTH } from "./limits.js";

export interface ConfiguredResource {
  /** `module.a.module.b` or "" for the root module. */
  readonly modulePath: string;
  readonly providerKey?: string;
  /** Arguments the configuration sets (a computed one it does not set is the provider's to fill). */
  readonly arguments: ReadonlySet<string>;
  /** Per top-level argument: config addresses of the resources it refers to. */
  readonly references: ReadonlyMap<string, readonly string[]>;
}

export interface Configuration {
  readonly providers: ReadonlyMap<string, JsonObject>;
  readonly resources: ReadonlyMap<string, ConfiguredResource>;
  /** module path → its `module_calls` entry (expressions give the module's variables). */
  readonly moduleCalls: ReadonlyMap<string, JsonObject>;
  /** Root variables and their values, as planned. */
  readonly variables: ReadonlyMap<string, unknown>;
}

export class ConfigurationTooDeep extends Error {}

export function readConfiguration(document: JsonObject): Configuration {
  const config = objectAt(document, "configuration");
  const providers = new Map<string, JsonObject>();
  for (const [key, value] of entriesOf(objectAt(config, "provider_config"))) if (isObject(value)) providers.set(key, value);
  const variables = new Map<string, unknown>();
  for (const [name, value] of entriesOf(objectAt(document, "variables"))) if (isObject(value)) variables.set(name, value["value"]);

  const resources = new Map<string, ConfiguredResource>();
  const moduleCalls = new Map<string, JsonObject>();
  // Iterative walk: the depth bound, not the call stack, limits a module tree.
  const pending: { module: JsonObject | undefined; path: string; depth: number }[] = [
    { module: objectAt(config, "root_module"), path: "", depth: 0 },
  ];
  while (pending.length > 0) {
    const { module, path, depth } = pending.pop()!;
    if (depth > MAX_MODULE_DEPTH) throw new ConfigurationTooDeep();
    for (const resource of Array.isArray(module?.["resources"]) ? (module["resources"] as unknown[]) : []) {
      const address = stringAt(resource, "address");
      if (address === undefined || !isObject(resource)) continue;
      resources.set(path === "" ? address : `${path}.${address}`, configuredResource(resource, path));
    }
    for (const [name, call] of entriesOf(objectAt(module, "module_calls"))) {
      const childPath = path === "" ? `module.${name}` : `${path}.module.${name}`;
      if (!isObject(call)) continue;
      moduleCalls.set(childPath, call);
      pending.push({ module: objectAt(call, "module"), path: childPath, depth: depth + 1 });
    }
  }
  return { providers, resources, moduleCalls, variables };
}

function configuredResource(resource: JsonObject, modulePath: string): ConfiguredResource {
  const argumentsSet = new Set<string>();
  const references = new Map<string, string[]>();
  for (const [argument, expression] of entriesOf(objectAt(resource, "expressions"))) {
    argumentsSet.add(argument);
    const found = new Set<string>();
    collectReferences(expression, modulePath, found, 0);
    if (found.size > 0) references.set(argument, [...found]);
  }
  const providerKey = stringAt(resource, "provider_config_key");
  return { modulePath, ...(providerKey !== undefined ? { providerKey } : {}), arguments: argumentsSet, references };
}

/** Every `references` list inside an expression tree (nested blocks are arrays of objects). */
function collectReferences(expression: unknown, modulePath: string, into: Set<string>, depth: number): void {
  if (depth > 32) return;
  if (Array.isArray(expression)) {
    for (const item of expression) collectReferences(item, modulePath, into, depth + 1);
    return;
  }
  if (!isObject(expression)) return;
  for (const [key, value] of Object.entries(expression)) {
    if (key === "references" && Array.isArray(value)) {
      for (const reference of value) {
        if (typeof reference !== "string") continue;
        const target = referencedResource(reference, modulePath);
        if (target !== undefined) into.add(target);
      }
    } else if (typeof value === "object") collectReferences(value, modulePath, into, depth + 1);
  }
}

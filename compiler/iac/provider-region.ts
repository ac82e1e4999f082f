/**
 * The region a provider configuration sets: a constant, or a variable followed through the
 * module calls up to the root's planned variable values. Aliases are separate keys of
 * `provider_config` (`aws.us`, `module.orders:aws.replica`); a module that inherits its
 * provider names the parent's key, or one we find by walking up the module path.
 */
import type { Configuration } from "./configuration.js";
import { arrayAt, isObject, objectAt, stringAt, type JsonObject } from "./json-value.js";
import { MAX_VARIABLE_HOPS } from "./limits.js";

export type ProviderRegion =
  | { readonly kind: "known"; readonly region: string; readonly provider: string }
  | { readonly kind: "unknown"; readonly why: string }
  | { readonly kind: "unset" };

/** The provider configuration a key names, walking up the module path when the key is not there. */
function providerConfig(configuration: Configuration, key: string): { key: string; config: JsonObject } | undefined {
  let candidate = key;
  for (let step = 0; step < 64; step++) {
    const config = configuration.providers.get(candidate);
    if (config) return { key: candidate, config };
    const colon = candidate.lastIndexOf(":");
    if (colon < 0) return undefined;
    const modulePath = candidate.slice(0, colon);
    const name = candidate.slice(colon + 1);
    const parent = modulePath.lastIndexOf(".module.");
    candidate = parent < 0 ? name : `${modulePath.slice(0, parent)}:${name}`;
  }
  return undefined;
}

export function providerRegion(configuration: Configuration, key: string): ProviderRegion {
  const found = providerConfig(configuration, key);
  if (!found) return { kind: "unset" };
  const label = found.key.replace(/^.*:/, "");
  const expression = objectAt(objectAt(found.config, "expressions"), "region");
  if (!expression) return { kind: "unset" };
  const modulePath = stringAt(found.config, "module_address") ?? modulePathOfKey(found.key);
  const value = evaluate(configuration, expression, modulePath);
  if (value !== undefined) return { kind: "known", region: value, provider: label };
  return { kind: "unknown", why: `the region of provider ${label} is an expression known only at apply` };
}

function modulePathOfKey(key: string): string {
  const colon = key.lastIndexOf(":");
  if (colon < 0) return "";
  const path = key.slice(0, colon);
  // Terraform 0.12 keyed module providers by the module name alone (`orders:aws`).
  return path.startsWith("module.") ? path : `module.${path}`;
}

/** A constant, or `var.x` followed up through module calls to a root variable. Anything else: undefined. */
function evaluate(configuration: Configuration, expression: JsonObject, modulePath: string): string | undefined {
  let current: JsonObject = expression;
  let path = modulePath;
  for (let hop = 0; hop < MAX_VARIABLE_HOPS; hop++) {
    if (Object.hasOwn(current, "constant_value")) {
      const constant = current["constant_value"];
      return typeof constant === "string" && constant !== "" ? constant : undefined;
    }
    const references = arrayAt(current, "references").filter((r): r is string => typeof r === "string");
    const variable = references.length === 1 ? /^var\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(references[0]!)?.[1] : undefined;
    if (variable === undefined) return undefined;
    if (path === "") {
      const value = configuration.variables.get(variable);
      return typeof value === "string" && value !== "" ? value : undefined;
    }
    const call = configuration.moduleCalls.get(path);
    const next = objectAt(objectAt(call, "expressions"), variable);
    if (!next || !isObject(next)) return undefined;
    current = next;
    const parent = path.lastIndexOf(".module.");
    path = parent < 0 ? "" : path.slice(0, parent);
  }
  return undefined;
}

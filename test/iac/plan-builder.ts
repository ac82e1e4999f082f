/**
 * Builds `terraform show -json` plan documents (format 1.2) for tests, from the parts the
 * format documents: planned_values (module tree), resource_changes (after_unknown) and
 * configuration (provider_config, resources with provider_config_key and expressions).
 */
import { withoutInstanceKeys } from "../../compiler/iac/address.js";

export interface TestResource {
  readonly address: string;
  readonly values?: Record<string, unknown>;
  /** provider_config_key; default "aws". */
  readonly provider?: string;
  /** argument → references (as written in that module: `aws_db_instance.orders.arn`). */
  readonly refs?: Record<string, string[]>;
  /** argument → constant (becomes an expression, so the argument counts as set). */
  readonly constants?: Record<string, unknown>;
  /** Top-level attributes known only after apply. */
  readonly unknown?: readonly string[];
  readonly providerName?: string;
}

export interface TestPlan {
  readonly providers?: Record<string, { region?: string; regionRef?: string; alias?: string; module_address?: string }>;
  readonly variables?: Record<string, unknown>;
  /** module path → its call's expressions (variable → constant or references). */
  readonly moduleCalls?: Record<string, Record<string, unknown>>;
  readonly resources: readonly TestResource[];
  readonly formatVersion?: string;
}

const MODULE_PREFIX = /^((?:module\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.)*)([^.]+)\.([^.[]+)/;

function split(address: string): { module: string; type: string; name: string } {
  const match = MODULE_PREFIX.exec(address);
  if (!match) throw new Error(`bad address ${address}`);
  return { module: match[1]!.replace(/\.$/, ""), type: match[2]!, name: match[3]! };
}

export function plan(spec: TestPlan): Record<string, unknown> {
  const modules = new Map<string, { resources: unknown[] }>();
  const root = { resources: [] as unknown[], child_modules: [] as unknown[] };
  const configRoot: Record<string, unknown> = { resources: [], module_calls: {} };
  const configs = new Map<string, Record<string, unknown>>([["", configRoot]]);
  const configOf = (path: string): Record<string, unknown> => {
    let config = configs.get(path);
    if (config) return config;
    const parentPath = path.includes(".module.") ? path.slice(0, path.lastIndexOf(".module.")) : "";
    const parent = configOf(parentPath);
    const name = path.slice(path.lastIndexOf("module.") + "module.".length);
    config = { resources: [], module_calls: {} };
    (parent["module_calls"] as Record<string, unknown>)[name] = { source: `./modules/${name}`, expressions: spec.moduleCalls?.[path] ?? {}, module: config };
    configs.set(path, config);
    return config;
  };
  const changes: unknown[] = [];
  const seen = new Set<string>();
  for (const resource of spec.resources) {
    const { module, type, name } = split(resource.address);
    const entry = {
      address: resource.address,
      mode: "managed",
      type,
      name,
      provider_name: resource.providerName ?? `registry.terraform.io/hashicorp/${type.slice(0, type.indexOf("_"))}`,
      schema_version: 0,
      values: resource.values ?? {},
      sensitive_values: {},
    };
    if (module === "") root.resources.push(entry);
    else {
      let child = modules.get(module);
      if (!child) {
        child = { resources: [] };
        modules.set(module, child);
        root.child_modules.push({ address: module, ...child, resources: child.resources });
      }
      child.resources.push(entry);
    }
    changes.push({
      address: resource.address,
      mode: "managed",
      type,
      name,
      provider_name: entry.provider_name,
      change: {
        actions: resource.unknown?.length ? ["create"] : ["no-op"],
        before: resource.unknown?.length ? null : entry.values,
        after: entry.values,
        after_unknown: Object.fromEntries((resource.unknown ?? []).map((key) => [key, true])),
      },
    });
    const configPath = withoutInstanceKeys(module);
    const configAddress = `${type}.${name}`;
    if (seen.has(`${configPath}|${configAddress}`)) continue;
    seen.add(`${configPath}|${configAddress}`);
    const expressions: Record<string, unknown> = {};
    for (const [argument, references] of Object.entries(resource.refs ?? {})) expressions[argument] = { references };
    for (const [argument, value] of Object.entries(resource.constants ?? {})) expressions[argument] = { constant_value: value };
    (configOf(configPath)["resources"] as unknown[]).push({
      address: configAddress,
      mode: "managed",
      type,
      name,
      provider_config_key: resource.provider ?? "aws",
      expressions,
      schema_version: 0,
    });
  }
  const providerConfig: Record<string, unknown> = {};
  for (const [key, provider] of Object.entries(spec.providers ?? {})) {
    const region = provider.region !== undefined ? { constant_value: provider.region } : provider.regionRef !== undefined ? { references: [provider.regionRef] } : undefined;
    providerConfig[key] = {
      name: key.replace(/^.*:/, "").split(".")[0],
      full_name: "registry.terraform.io/hashicorp/aws",
      ...(provider.alias ? { alias: provider.alias } : {}),
      ...(provider.module_address ? { module_address: provider.module_address } : {}),
      expressions: region ? { region } : {},
    };
  }
  return {
    format_version: spec.formatVersion ?? "1.2",
    terraform_version: "1.9.8",
    variables: Object.fromEntries(Object.entries(spec.variables ?? {}).map(([name, value]) => [name, { value }])),
    planned_values: { root_module: root.child_modules.length ? root : { resources: root.resources } },
    resource_changes: changes,
    configuration: { provider_config: providerConfig, root_module: configRoot },
  };
}

/** A state document (`terraform show -json` without a plan): values only, no configuration. */
export function state(resources: readonly TestResource[], formatVersion = "1.0"): Record<string, unknown> {
  const document = plan({ resources, formatVersion });
  return { format_version: formatVersion, terraform_version: "1.9.8", values: document["planned_values"] };
}

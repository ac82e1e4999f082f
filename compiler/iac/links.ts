/**
 * How one resource points at another: by a configuration reference (`aws_db_instance.orders.arn`,
 * the only link a plan has before apply) or by a known value equal to the other's id, ARN or
 * name (state, and plans of resources that already exist).
 */
import type { IacResource, RegionReading } from "./model.js";

/** Attributes that name a resource: what another resource's argument can hold to point at it. */
const IDENTITIES = [
  "id",
  "arn",
  "identifier",
  "cluster_identifier",
  "bucket",
  "replication_group_id",
  "global_cluster_identifier",
  "global_replication_group_id",
  "name",
  "url",
  "self_link",
] as const;

export interface ResourceIndex {
  readonly all: readonly IacResource[];
  readonly byType: ReadonlyMap<string, readonly IacResource[]>;
  readonly byConfigAddress: ReadonlyMap<string, readonly IacResource[]>;
  /** identity value → resources of any type. */
  readonly byValue: ReadonlyMap<string, readonly IacResource[]>;
  /** `<type>\0<argument>` → target → the resources of that type whose argument points at it (filled on first use). */
  readonly referrers: Map<string, Map<IacResource, IacResource[]>>;
}

function push<K, T>(map: Map<K, T[]>, key: K, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexResources(resources: readonly IacResource[]): ResourceIndex {
  const byType = new Map<string, IacResource[]>();
  const byConfigAddress = new Map<string, IacResource[]>();
  const byValue = new Map<string, IacResource[]>();
  for (const resource of resources) {
    push(byType, resource.type, resource);
    push(byConfigAddress, resource.configAddress, resource);
    for (const key of IDENTITIES) {
      const value = resource.values[key];
      if (typeof value === "string" && value !== "") push(byValue, value, resource);
    }
  }
  return { all: resources, byType, byConfigAddress, byValue, referrers: new Map() };
}

/**
 * The resources of `types` that `from`'s `argument` points at. `values` are the argument's
 * known values (a nested block's, or a JSON policy's), when they are not the top-level one.
 */
export function pointedAt(
  index: ResourceIndex,
  from: IacResource,
  argument: string,
  types: readonly string[],
  values: readonly unknown[] = [from.values[argument]],
): IacResource[] {
  const found = new Set<IacResource>();
  for (const target of from.references.get(argument) ?? []) {
    for (const resource of index.byConfigAddress.get(target) ?? []) if (types.includes(resource.type)) found.add(resource);
  }
  for (const value of values.flatMap((v) => (Array.isArray(v) ? v : [v]))) {
    if (typeof value !== "string" || value === "") continue;
    for (const resource of index.byValue.get(value) ?? []) if (types.includes(resource.type)) found.add(resource);
  }
  found.delete(from);
  return [...found];
}

/** The resources of `types` whose `argument` points at `target` (one pass per type and argument, then lookups). */
export function pointingAt(index: ResourceIndex, target: IacResource, types: readonly string[], argument: string): IacResource[] {
  const found: IacResource[] = [];
  for (const type of types) {
    const key = `${type}\u0000${argument}`;
    let byTarget = index.referrers.get(key);
    if (!byTarget) {
      byTarget = new Map();
      for (const from of index.byType.get(type) ?? []) for (const to of pointedAtAny(index, from, argument)) push(byTarget, to, from);
      index.referrers.set(key, byTarget);
    }
    for (const from of byTarget.get(target) ?? []) if (from !== target) found.push(from);
  }
  return found;
}

/** Every resource, of any type, that `from`'s `argument` points at. */
function pointedAtAny(index: ResourceIndex, from: IacResource, argument: string): Set<IacResource> {
  const found = new Set<IacResource>();
  for (const target of from.references.get(argument) ?? []) for (const resource of index.byConfigAddress.get(target) ?? []) found.add(resource);
  const value = from.values[argument];
  for (const item of Array.isArray(value) ? value : [value]) {
    if (typeof item === "string" && item !== "") for (const resource of index.byValue.get(item) ?? []) found.add(resource);
  }
  found.delete(from);
  return found;
}

/** The region in an ARN (`arn:aws:sqs:eu-west-1:123:q`); S3 ARNs carry none. */
export function regionOfArn(arn: unknown): string | undefined {
  if (typeof arn !== "string" || !arn.startsWith("arn:")) return undefined;
  const region = arn.split(":")[3];
  return region ? region : undefined;
}

export function knownRegion(region: string): RegionReading {
  return { known: true, region, source: "argument" };
}

export function unknownRegion(why: string): RegionReading {
  return { known: false, why };
}

/** Items of a nested block (`rule`, `replica`, `copy_action`) as objects. */
export function blocks(value: unknown): Readonly<Record<string, unknown>>[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is Record<string, unknown> => typeof item === "object" && item !== null && !Array.isArray(item));
}

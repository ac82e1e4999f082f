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
  /** `<type>\0<identity value>` → resources. */
  readonly byIdentity: ReadonlyMap<string, readonly IacResource[]>;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexResources(resources: readonly IacResource[]): ResourceIndex {
  const byType = new Map<string, IacResource[]>();
  const byConfigAddress = new Map<string, IacResource[]>();
  const byIdentity = new Map<string, IacResource[]>();
  for (const resource of resources) {
    push(byType, resource.type, resource);
    push(byConfigAddress, resource.configAddress, resource);
    for (const key of IDENTITIES) {
      const value = resource.values[key];
      if (typeof value === "string" && value !== "") push(byIdentity, `${resource.type}\u0000${value}`, resource);
    }
  }
  return { all: resources, byType, byConfigAddress, byIdentity };
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
    for (const type of types) for (const resource of index.byIdentity.get(`${type}\u0000${value}`) ?? []) found.add(resource);
  }
  found.delete(from);
  return [...found];
}

/** The resources of `types` whose `argument` points at `target`. */
export function pointingAt(index: ResourceIndex, target: IacResource, types: readonly string[], argument: string): IacResource[] {
  const found: IacResource[] = [];
  for (const type of types) {
    for (const resource of index.byType.get(type) ?? []) {
      if (resource !== target && pointedAt(index, resource, argument, [target.type]).includes(target)) found.push(resource);
    }
  }
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

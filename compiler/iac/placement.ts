/**
 * Contracts meet infrastructure: which resources stand behind each store (its `iac:`
 * addresses, or `cordon:service`/`cordon:store` tags), where each stands, and where the
 * relations copy their data. The iac rules and the residency flows read this.
 */
import type { ContractSet, NodeRef, Service, Store } from "../../contracts/model.js";
import { addressMatches } from "./address.js";
import { indexResources } from "./links.js";
import type { IacInventory, IacResource, RegionReading } from "./model.js";
import { copiesOf } from "./relations/index.js";
import type { Copy } from "./relations/relation.js";

export const SERVICE_TAG = "cordon:service";
export const STORE_TAG = "cordon:store";

/** One resource behind one store. */
export interface Placement {
  readonly service: Service;
  readonly store: Store;
  readonly resource: IacResource;
  /** The `iac:` entry that names it, else the store (tag-mapped). */
  readonly ref: NodeRef;
  readonly copies: readonly Copy[];
}

export interface UnmappedEntry {
  readonly service: Service;
  readonly store: Store;
  readonly entry: string;
  readonly ref: NodeRef;
}

export interface IacView {
  readonly inventory: IacInventory;
  readonly placements: readonly Placement[];
  readonly unmapped: readonly UnmappedEntry[];
  /** Resources tagged `cordon:service` that no store maps. */
  readonly undeclared: readonly IacResource[];
}

function append<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function refAt(store: Store, ...path: (string | number)[]): NodeRef {
  return { file: store.ref.file, doc: store.ref.doc, path: [...store.ref.path, ...path] };
}

export function placeStores(set: ContractSet, read: IacInventory): IacView {
  const spelled = declaredSpelling(set);
  const inventory: IacInventory = { ...read, resources: read.resources.map((resource) => inDeclaredRegion(resource, spelled)) };
  const index = indexResources(inventory.resources);
  const byAddress = new Map<string, IacResource[]>();
  const byTags = new Map<string, IacResource[]>();
  for (const resource of inventory.resources) {
    append(byAddress, resource.address, resource);
    const service = resource.tags.get(SERVICE_TAG);
    const store = resource.tags.get(STORE_TAG);
    if (service !== undefined && store !== undefined) append(byTags, `${service}\u0000${store}`, resource);
  }
  const placements: Placement[] = [];
  const unmapped: UnmappedEntry[] = [];
  const mapped = new Set<IacResource>();

  for (const service of set.services.values()) {
    for (const store of service.stores) {
      const mine = new Map<IacResource, NodeRef>();
      (store.iac ?? []).forEach((entry, j) => {
        const ref = refAt(store, "iac", j);
        // An entry without instance keys names every instance (`aws_sqs_queue.q` → `aws_sqs_queue.q[0]`).
        const candidates = entry.includes("[") ? byAddress.get(entry) : index.byConfigAddress.get(entry);
        const matches = (candidates ?? []).filter((resource) => addressMatches(entry, resource.address, resource.configAddress));
        if (matches.length === 0) unmapped.push({ service, store, entry, ref });
        for (const resource of matches) if (!mine.has(resource)) mine.set(resource, ref);
      });
      for (const resource of byTags.get(`${service.name}\u0000${store.name}`) ?? []) {
        if (!mine.has(resource)) mine.set(resource, refAt(store, "name"));
      }
      const holders = new Set([...mine.keys()].map((resource) => resource.address));
      for (const [resource, ref] of mine) {
        mapped.add(resource);
        // A copy that is itself mapped to the store is judged as the store's own resource.
        // Inline copies (DynamoDB `replica` blocks) are held by the resource itself: always kept.
        const copies = copiesOf(resource, index)
          .filter((copy) => copy.holder === resource.address || !holders.has(copy.holder))
          .map((copy) => ({ ...copy, region: spelled(copy.region) }));
        placements.push({ service, store, resource, ref, copies });
      }
    }
  }

  const undeclared = inventory.resources.filter((resource) => resource.tags.has(SERVICE_TAG) && !mapped.has(resource));
  return { inventory, placements, unmapped, undeclared };
}

/**
 * Cloud APIs spell some locations in capitals (the google provider keeps a Cloud Storage
 * bucket's `EUROPE-WEST1` as the API returns it): a region read from the files is the declared
 * region it names whatever its case. An exact match wins; an undeclared region stays as read.
 */
function declaredSpelling(set: ContractSet): (reading: RegionReading) => RegionReading {
  const byLowerCase = new Map<string, string>();
  for (const id of set.regions.keys()) if (!byLowerCase.has(id.toLowerCase())) byLowerCase.set(id.toLowerCase(), id);
  return (reading) => {
    if (!reading.known || set.regions.has(reading.region)) return reading;
    const declared = byLowerCase.get(reading.region.toLowerCase());
    return declared === undefined ? reading : { ...reading, region: declared };
  };
}

function inDeclaredRegion(resource: IacResource, spelled: (reading: RegionReading) => RegionReading): IacResource {
  const region = spelled(resource.region);
  return region === resource.region ? resource : { ...resource, region };
}

/** Regions a store's data may be in without a new finding: its own, and for backups also the service's backup regions. */
export function declaredRegions(service: Service, store: Store, kind: Copy["kind"]): ReadonlySet<string> {
  const regions = new Set(store.regions);
  if (kind === "backup") for (const region of service.deployment.backup?.regions ?? []) regions.add(region);
  return regions;
}

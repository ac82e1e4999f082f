/**
 * A replica/copy relation of SPEC §7: given a resource behind a store, where else its data is
 * copied. One module per relation, with its docs, as the rules are; `iac/replica` lists them.
 */
import type { ResourceIndex } from "../links.js";
import type { IacResource, RegionReading } from "../model.js";

export interface Copy {
  /** The relation that found it. */
  readonly relation: string;
  /** The resource holding the copy (the source itself for inline replicas: DynamoDB `replica`). */
  readonly holder: string;
  readonly region: RegionReading;
  /** `backup` copies are judged as backup regions (`residency/failover`), the rest as store regions. */
  readonly kind: "replica" | "backup";
  /** "read replica", "S3 replication destination", …: for messages. */
  readonly what: string;
}

export interface Relation {
  readonly id: string;
  readonly docs: { readonly summary: string; readonly what: string };
  /** The resource types whose data this relation copies. */
  readonly sources: readonly string[];
  copiesOf(source: IacResource, index: ResourceIndex): Copy[];
}

/** A copy held by another resource, which stands in its own region. */
export function copyIn(relation: Relation, holder: IacResource, what: string, kind: Copy["kind"] = "replica"): Copy {
  return { relation: relation.id, holder: holder.address, region: holder.region, kind, what };
}

import { blocks, knownRegion, pointingAt, unknownRegion } from "../links.js";
import type { RegionReading } from "../model.js";
import { copyIn, type Copy, type Relation } from "./relation.js";

export const relation: Relation = {
  id: "google/replica-locations",
  docs: {
    summary: "Google Cloud replica locations",
    what: "A `google_sql_database_instance` whose `master_instance_name` names the store's instance is a read replica in its own `region`; a `google_storage_bucket`'s `custom_placement_config.data_locations` are regions holding copies of every object; each `cluster` of a `google_bigtable_instance` holds a full copy in its `zone`'s region; a `google_pubsub_topic` stores messages in any of its `message_storage_policy.allowed_persistence_regions`. A Firestore database stands in its `location_id` and a Spanner instance in its `config` (`regional-<region>`, else a multi-region location id such as `eur3`).",
  },
  sources: ["google_sql_database_instance", "google_storage_bucket", "google_bigtable_instance", "google_pubsub_topic"],
  copiesOf(source, index) {
    const copies: Copy[] = [];
    if (source.type === "google_sql_database_instance") {
      for (const replica of pointingAt(index, source, ["google_sql_database_instance"], "master_instance_name")) copies.push(copyIn(relation, replica, "Cloud SQL read replica"));
    }
    for (const placement of blocks(source.values["custom_placement_config"])) {
      for (const location of Array.isArray(placement["data_locations"]) ? placement["data_locations"] : []) {
        if (typeof location === "string") copies.push({ relation: relation.id, holder: source.address, region: knownRegion(location), kind: "replica", what: "dual-region bucket location" });
      }
    }
    // A Bigtable instance has no location: each of its clusters holds a full copy in its zone's region.
    for (const cluster of source.type === "google_bigtable_instance" ? blocks(source.values["cluster"]) : []) {
      copies.push({ relation: relation.id, holder: source.address, region: zoneRegion(cluster["zone"]), kind: "replica", what: "Bigtable cluster" });
    }
    if (source.type === "google_bigtable_instance" && source.unknown.has("cluster") && blocks(source.values["cluster"]).length === 0) {
      copies.push({ relation: relation.id, holder: source.address, region: unknownRegion("its `cluster` blocks are known only after apply"), kind: "replica", what: "Bigtable cluster" });
    }
    // A topic's messages are stored in any of its allowed persistence regions.
    for (const policy of source.type === "google_pubsub_topic" ? blocks(source.values["message_storage_policy"]) : []) {
      for (const region of Array.isArray(policy["allowed_persistence_regions"]) ? policy["allowed_persistence_regions"] : []) {
        if (typeof region === "string") copies.push({ relation: relation.id, holder: source.address, region: knownRegion(region), kind: "replica", what: "Pub/Sub message storage region" });
      }
    }
    return copies;
  },
};

/** `europe-west1-b` → europe-west1; a zone not known yet (Bigtable picks one when none is set) is unknown. */
function zoneRegion(zone: unknown): RegionReading {
  const region = typeof zone === "string" ? /^([a-z]+-[a-z]+\d+)-[a-z]$/.exec(zone)?.[1] : undefined;
  return region !== undefined ? knownRegion(region) : unknownRegion("its cluster's `zone` is known only after apply");
}

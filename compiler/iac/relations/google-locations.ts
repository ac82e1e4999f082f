import { blocks, knownRegion, pointingAt } from "../links.js";
import { copyIn, type Copy, type Relation } from "./relation.js";

export const relation: Relation = {
  id: "google/replica-locations",
  docs: {
    summary: "Google Cloud replica locations",
    what: "A `google_sql_database_instance` whose `master_instance_name` names the store's instance is a read replica in its own `region`; a `google_storage_bucket`'s `custom_placement_config.data_locations` are regions holding copies of every object.",
  },
  sources: ["google_sql_database_instance", "google_storage_bucket"],
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
    return copies;
  },
};

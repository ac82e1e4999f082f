import { blocks, knownRegion } from "../links.js";
import type { Copy, Relation } from "./relation.js";

export const relation: Relation = {
  id: "azure/replica-locations",
  docs: {
    summary: "Azure replica locations",
    what: "Each `geo_location.location` of an `azurerm_cosmosdb_account` holds a full copy of the account's data; an `azurerm_redis_cache`'s and an `azurerm_storage_account`'s data stand in their `location`.",
  },
  sources: ["azurerm_cosmosdb_account"],
  copiesOf(source) {
    const copies: Copy[] = [];
    for (const location of blocks(source.values["geo_location"])) {
      if (typeof location["location"] === "string") {
        copies.push({ relation: relation.id, holder: source.address, region: knownRegion(location["location"]), kind: "replica", what: "Cosmos DB geo-replica" });
      }
    }
    return copies;
  },
};

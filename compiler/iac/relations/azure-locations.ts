import { blocks, knownRegion } from "../links.js";
import type { Copy, Relation } from "./relation.js";

export const relation: Relation = {
  id: "azure/replica-locations",
  docs: {
    summary: "Azure replica locations",
    what: "Each `geo_location.location` of an `azurerm_cosmosdb_account` holds a full copy of the account's data; a geo-redundant `azurerm_storage_account` (GRS, RA-GRS, GZRS, RA-GZRS) copies its data to its `secondary_location`, the paired region Azure chooses; an `azurerm_redis_cache`'s data stands in its `location`.",
  },
  sources: ["azurerm_cosmosdb_account", "azurerm_storage_account"],
  copiesOf(source) {
    const copies: Copy[] = [];
    const secondary = source.values["secondary_location"];
    if (source.type === "azurerm_storage_account" && typeof secondary === "string" && secondary !== "") {
      copies.push({ relation: relation.id, holder: source.address, region: knownRegion(secondary), kind: "replica", what: "geo-redundant storage secondary" });
    }
    for (const location of blocks(source.values["geo_location"])) {
      if (typeof location["location"] === "string") {
        copies.push({ relation: relation.id, holder: source.address, region: knownRegion(location["location"]), kind: "replica", what: "Cosmos DB geo-replica" });
      }
    }
    return copies;
  },
};

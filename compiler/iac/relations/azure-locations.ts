import { blocks, knownRegion, unknownRegion } from "../links.js";
import type { IacResource, RegionReading } from "../model.js";
import type { Copy, Relation } from "./relation.js";

/** Replication types that keep a copy in a second region (the one Azure pairs with the account's location). */
const GEO_REDUNDANT = new Set(["GRS", "RAGRS", "GZRS", "RAGZRS"]);

/**
 * Where a storage account's geo-redundant copy stands. A plan knows `secondary_location` only
 * after apply (Azure picks the paired region), so a geo-redundant account in a plan is a copy in
 * a region not known yet: reported, never passed. So is a replication type known only after apply.
 */
function geoSecondary(account: IacResource): RegionReading | undefined {
  const secondary = account.values["secondary_location"];
  if (typeof secondary === "string" && secondary !== "") return knownRegion(secondary);
  const type = account.values["account_replication_type"];
  if (typeof type === "string") return GEO_REDUNDANT.has(type.toUpperCase()) ? unknownRegion(`its \`secondary_location\` (the region Azure pairs with its location for ${type}) is known only after apply`) : undefined;
  return account.unknown.has("account_replication_type") ? unknownRegion("its `account_replication_type` is known only after apply") : undefined;
}

export const relation: Relation = {
  id: "azure/replica-locations",
  docs: {
    summary: "Azure replica locations",
    what: "Each `geo_location.location` of an `azurerm_cosmosdb_account` holds a full copy of the account's data; a geo-redundant `azurerm_storage_account` (GRS, RA-GRS, GZRS, RA-GZRS) copies its data to its `secondary_location`, the paired region Azure chooses (a plan knows it only after apply: reported as a copy in a region not known yet); an `azurerm_redis_cache`'s data stands in its `location`.",
  },
  sources: ["azurerm_cosmosdb_account", "azurerm_storage_account"],
  copiesOf(source) {
    const copies: Copy[] = [];
    if (source.type === "azurerm_storage_account") {
      const secondary = geoSecondary(source);
      if (secondary) copies.push({ relation: relation.id, holder: source.address, region: secondary, kind: "replica", what: "geo-redundant storage secondary" });
    }
    for (const location of blocks(source.values["geo_location"])) {
      if (typeof location["location"] === "string") {
        copies.push({ relation: relation.id, holder: source.address, region: knownRegion(location["location"]), kind: "replica", what: "Cosmos DB geo-replica" });
      }
    }
    return copies;
  },
};

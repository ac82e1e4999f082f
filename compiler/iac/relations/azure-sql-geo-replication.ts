import { blocks, knownRegion, pointedAt, pointingAt, unknownRegion, type ResourceIndex } from "../links.js";
import type { IacResource, RegionReading } from "../model.js";
import type { Copy, Relation } from "./relation.js";

const SERVER = ["azurerm_mssql_server"];

/** An Azure SQL database has no `location` of its own: it stands where its `server_id`'s server stands. */
function serverRegion(index: ResourceIndex, database: IacResource): RegionReading {
  if (database.region.known) return database.region;
  const server = pointedAt(index, database, "server_id", SERVER)[0];
  if (server) return server.region;
  return unknownRegion(database.unknown.has("server_id") ? "its `server_id` is known only after apply" : "its server is not in the --iac files, so its region is not known");
}

/** The partner servers of a failover group: the server resources its `partner_server` blocks name, else the blocks' own `location`. */
function partners(index: ResourceIndex, group: IacResource): Copy[] {
  const declared = blocks(group.values["partner_server"]);
  const servers = pointedAt(index, group, "partner_server", SERVER, declared.map((partner) => partner["id"]));
  if (servers.length > 0) return servers.map((server) => ({ relation: relation.id, holder: server.address, region: server.region, kind: "replica", what: "failover group partner server" }));
  const copies: Copy[] = declared.map((partner) => ({
    relation: relation.id,
    holder: typeof partner["id"] === "string" ? partner["id"] : group.address,
    region: typeof partner["location"] === "string" && partner["location"] !== "" ? knownRegion(partner["location"]) : unknownRegion("its partner server is not in the --iac files and its location is known only after apply"),
    kind: "replica",
    what: "failover group partner server",
  }));
  if (copies.length === 0) copies.push({ relation: relation.id, holder: group.address, region: unknownRegion("its `partner_server` is known only after apply"), kind: "replica", what: "failover group partner server" });
  return copies;
}

export const relation: Relation = {
  id: "azure/sql-geo-replication",
  docs: {
    summary: "Azure SQL geo-replicas and failover groups",
    what: "An `azurerm_mssql_database` whose `creation_source_database_id` names the store's database (`create_mode` `Secondary`, `OnlineSecondary`, `Copy`, a restore) holds a copy in the region of its own server (`server_id`); an `azurerm_mssql_failover_group` that lists the store's database in `databases`, or whose `server_id` is the store's server, geo-replicates it to each `partner_server` (the server resource's `location`, else the block's).",
  },
  sources: ["azurerm_mssql_database", "azurerm_mssql_server"],
  copiesOf(source, index) {
    const copies: Copy[] = [];
    const groups =
      source.type === "azurerm_mssql_server"
        ? pointingAt(index, source, ["azurerm_mssql_failover_group"], "server_id")
        : pointingAt(index, source, ["azurerm_mssql_failover_group"], "databases");
    for (const group of groups) copies.push(...partners(index, group));
    if (source.type === "azurerm_mssql_database") {
      for (const copy of pointingAt(index, source, ["azurerm_mssql_database"], "creation_source_database_id")) {
        const mode = typeof copy.values["create_mode"] === "string" ? copy.values["create_mode"] : "copy";
        copies.push({ relation: relation.id, holder: copy.address, region: serverRegion(index, copy), kind: "replica", what: `Azure SQL database created from it (${mode})` });
      }
    }
    return copies;
  },
};

import { pointingAt, unknownRegion } from "../links.js";
import type { IacResource } from "../model.js";
import { copyIn, type Copy, type Relation } from "./relation.js";

/** Each server type, with the argument a replica names its source server by. */
const SOURCE_ARGUMENT: ReadonlyMap<string, string> = new Map([
  ["azurerm_postgresql_flexible_server", "source_server_id"],
  ["azurerm_mysql_flexible_server", "source_server_id"],
  ["azurerm_postgresql_server", "creation_source_server_id"],
  ["azurerm_mysql_server", "creation_source_server_id"],
]);

/** Geo-redundant backups go to the region Azure pairs with the server's: the files never name it. */
function geoBackup(server: IacResource): Copy | undefined {
  const enabled = server.values["geo_redundant_backup_enabled"];
  const why =
    enabled === true
      ? "its geo-redundant backups go to the region Azure pairs with its location, which the files do not name"
      : enabled === undefined && server.unknown.has("geo_redundant_backup_enabled")
        ? "its `geo_redundant_backup_enabled` is known only after apply"
        : undefined;
  return why === undefined ? undefined : { relation: relation.id, holder: server.address, region: unknownRegion(why), kind: "backup", what: "geo-redundant backup" };
}

export const relation: Relation = {
  id: "azure/database-server-copies",
  docs: {
    summary: "Azure Database for PostgreSQL/MySQL replicas and geo-redundant backups",
    what: "An `azurerm_postgresql_flexible_server` or `azurerm_mysql_flexible_server` whose `source_server_id` names the store's server (`create_mode = \"Replica\"`; `creation_source_server_id` for the single-server `azurerm_postgresql_server`/`azurerm_mysql_server`) is a read replica in its own `location`. A server with `geo_redundant_backup_enabled = true` keeps backups in the region Azure pairs with its location, which the files never name: reported as a backup copy in a region cordon cannot tell.",
  },
  sources: [...SOURCE_ARGUMENT.keys()],
  copiesOf(source, index) {
    const argument = SOURCE_ARGUMENT.get(source.type);
    if (argument === undefined) return [];
    const copies: Copy[] = pointingAt(index, source, [source.type], argument).map((replica) => copyIn(relation, replica, "read replica"));
    const backup = geoBackup(source);
    if (backup) copies.push(backup);
    return copies;
  },
};

import { blocks, knownRegion, pointingAt, unknownRegion } from "../links.js";
import type { RegionReading } from "../model.js";
import type { Copy, Relation } from "./relation.js";

/** `destination.region`, else the region of `destination.availability_zone_name` (One Zone replicas). */
function destinationRegion(destination: Readonly<Record<string, unknown>>): RegionReading {
  const region = destination["region"];
  if (typeof region === "string" && region !== "") return knownRegion(region);
  const zone = destination["availability_zone_name"];
  const fromZone = typeof zone === "string" ? /^([a-z]{2}(?:-[a-z]+)+-\d+)[a-z]$/.exec(zone)?.[1] : undefined;
  return fromZone !== undefined ? knownRegion(fromZone) : unknownRegion("its `destination` region is known only after apply");
}

export const relation: Relation = {
  id: "aws/efs-replication",
  docs: {
    summary: "EFS replication destinations",
    what: "An `aws_efs_replication_configuration` whose `source_file_system_id` names the store's `aws_efs_file_system` keeps a read-only replica of every file in its `destination` block's `region` (or the region of its `availability_zone_name`).",
  },
  sources: ["aws_efs_file_system"],
  copiesOf(source, index) {
    const copies: Copy[] = [];
    for (const replication of pointingAt(index, source, ["aws_efs_replication_configuration"], "source_file_system_id")) {
      const destinations = blocks(replication.values["destination"]);
      if (destinations.length === 0) copies.push({ relation: relation.id, holder: replication.address, region: unknownRegion("its `destination` is known only after apply"), kind: "replica", what: "EFS replica" });
      for (const destination of destinations) copies.push({ relation: relation.id, holder: replication.address, region: destinationRegion(destination), kind: "replica", what: "EFS replica" });
    }
    return copies;
  },
};

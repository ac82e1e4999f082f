import { blocks, knownRegion, pointingAt, unknownRegion } from "../links.js";
import type { RegionReading } from "../model.js";
import type { Copy, Relation } from "./relation.js";

function destination(value: unknown, known: boolean): RegionReading {
  if (typeof value === "string" && value !== "") return knownRegion(value);
  return unknownRegion(known ? "its snapshot copy names no `destination_region`" : "its `destination_region` is known only after apply");
}

export const relation: Relation = {
  id: "aws/redshift-snapshot-copy",
  docs: {
    summary: "Redshift cross-region snapshot copies",
    what: "The `snapshot_copy { destination_region }` block of the store's `aws_redshift_cluster`, and each `aws_redshift_snapshot_copy` whose `cluster_identifier` names the cluster, copies every snapshot of the cluster to `destination_region`.",
  },
  sources: ["aws_redshift_cluster"],
  copiesOf(source, index) {
    const copies: Copy[] = blocks(source.values["snapshot_copy"]).map((copy) => ({
      relation: relation.id,
      holder: source.address,
      region: destination(copy["destination_region"], true),
      kind: "backup",
      what: "Redshift snapshot copy",
    }));
    if (copies.length === 0 && source.unknown.has("snapshot_copy")) {
      copies.push({ relation: relation.id, holder: source.address, region: unknownRegion("its `snapshot_copy` block is known only after apply"), kind: "backup", what: "Redshift snapshot copy" });
    }
    for (const copy of pointingAt(index, source, ["aws_redshift_snapshot_copy"], "cluster_identifier")) {
      copies.push({
        relation: relation.id,
        holder: copy.address,
        region: destination(copy.values["destination_region"], !copy.unknown.has("destination_region")),
        kind: "backup",
        what: "Redshift snapshot copy",
      });
    }
    return copies;
  },
};

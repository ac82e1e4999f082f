import { pointingAt } from "../links.js";
import { copyIn, type Relation } from "./relation.js";

export const relation: Relation = {
  id: "aws/rds-read-replica",
  docs: {
    summary: "RDS read replicas",
    what: "An `aws_db_instance` whose `replicate_source_db` names the store's instance (by reference, identifier or ARN), or an `aws_rds_cluster` whose `replication_source_identifier` names the store's cluster, holds a full copy of it in the replica's own region (cross-region replicas name the source by ARN).",
  },
  sources: ["aws_db_instance", "aws_rds_cluster"],
  copiesOf(source, index) {
    const replicas =
      source.type === "aws_db_instance"
        ? pointingAt(index, source, ["aws_db_instance"], "replicate_source_db")
        : pointingAt(index, source, ["aws_rds_cluster"], "replication_source_identifier");
    return replicas.map((replica) => copyIn(relation, replica, "read replica"));
  },
};

import { pointingAt } from "../links.js";
import { copyIn, type Relation } from "./relation.js";

export const relation: Relation = {
  id: "aws/rds-backup-replication",
  docs: {
    summary: "RDS cross-region automated backups",
    what: "An `aws_db_instance_automated_backups_replication` whose `source_db_instance_arn` names the store's `aws_db_instance` copies its automated backups (snapshots and transaction logs) to the region the replication resource is created in (its provider's region), where the instance can be restored.",
  },
  sources: ["aws_db_instance"],
  copiesOf(source, index) {
    return pointingAt(index, source, ["aws_db_instance_automated_backups_replication"], "source_db_instance_arn").map((replication) =>
      copyIn(relation, replication, "replicated RDS automated backups", "backup"),
    );
  },
};

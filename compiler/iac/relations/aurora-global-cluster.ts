import { pointedAt, pointingAt } from "../links.js";
import type { IacResource } from "../model.js";
import { copyIn, type Relation } from "./relation.js";

const GLOBAL = ["aws_rds_global_cluster"];

export const relation: Relation = {
  id: "aws/aurora-global-cluster",
  docs: {
    summary: "Aurora global database members",
    what: "An `aws_rds_cluster` whose `global_cluster_identifier` names the same `aws_rds_global_cluster` as the store's cluster (or the store's global cluster itself) is a member of the global database and holds a full copy, in its own region.",
  },
  sources: ["aws_rds_cluster", "aws_rds_global_cluster"],
  copiesOf(source, index) {
    const globals: IacResource[] = source.type === "aws_rds_global_cluster" ? [source] : pointedAt(index, source, "global_cluster_identifier", GLOBAL);
    const members = new Set<IacResource>();
    for (const global of globals) {
      for (const member of pointingAt(index, global, ["aws_rds_cluster"], "global_cluster_identifier")) members.add(member);
      // The primary may be attached by the global cluster's `source_db_cluster_identifier` instead.
      for (const member of pointedAt(index, global, "source_db_cluster_identifier", ["aws_rds_cluster"])) members.add(member);
    }
    members.delete(source);
    return [...members].map((member) => copyIn(relation, member, "Aurora global database member"));
  },
};

import { pointedAt, pointingAt } from "../links.js";
import type { IacResource } from "../model.js";
import { copyIn, type Copy, type Relation } from "./relation.js";

/** Each engine's global cluster type, by the cluster type that joins it. */
const GLOBAL_OF: ReadonlyMap<string, string> = new Map([
  ["aws_docdb_cluster", "aws_docdb_global_cluster"],
  ["aws_neptune_cluster", "aws_neptune_global_cluster"],
]);
const CLUSTER_OF: ReadonlyMap<string, string> = new Map([...GLOBAL_OF].map(([cluster, global]) => [global, cluster]));

export const relation: Relation = {
  id: "aws/docdb-neptune-global-cluster",
  docs: {
    summary: "DocumentDB and Neptune global cluster members",
    what: "An `aws_docdb_cluster` (`aws_neptune_cluster`) whose `global_cluster_identifier` names the same `aws_docdb_global_cluster` (`aws_neptune_global_cluster`) as the store's cluster, or that the global cluster's `source_db_cluster_identifier` names, is a member of the global cluster and holds a full copy in its own region.",
  },
  sources: [...GLOBAL_OF.keys(), ...CLUSTER_OF.keys()],
  copiesOf(source, index) {
    const clusterType = CLUSTER_OF.get(source.type) ?? source.type;
    const globalType = GLOBAL_OF.get(clusterType);
    if (globalType === undefined) return [];
    const globals: IacResource[] = source.type === globalType ? [source] : pointedAt(index, source, "global_cluster_identifier", [globalType]);
    const members = new Set<IacResource>();
    for (const global of globals) {
      for (const member of pointingAt(index, global, [clusterType], "global_cluster_identifier")) members.add(member);
      for (const member of pointedAt(index, global, "source_db_cluster_identifier", [clusterType])) members.add(member);
    }
    members.delete(source);
    return [...members].map((member): Copy => copyIn(relation, member, "global cluster member"));
  },
};

import { pointedAt, pointingAt } from "../links.js";
import type { IacResource } from "../model.js";
import { copyIn, type Relation } from "./relation.js";

const GLOBAL = ["aws_elasticache_global_replication_group"];
const GROUP = ["aws_elasticache_replication_group"];

export const relation: Relation = {
  id: "aws/elasticache-global-datastore",
  docs: {
    summary: "ElastiCache global datastore members",
    what: "An `aws_elasticache_global_replication_group` whose `primary_replication_group_id` is the store's replication group, and every `aws_elasticache_replication_group` whose `global_replication_group_id` names that global datastore, hold copies of the cache in their own regions.",
  },
  sources: [...GROUP, ...GLOBAL],
  copiesOf(source, index) {
    const globals = new Set<IacResource>(source.type === GLOBAL[0] ? [source] : []);
    if (source.type === GROUP[0]) {
      for (const global of pointingAt(index, source, GLOBAL, "primary_replication_group_id")) globals.add(global);
      for (const global of pointedAt(index, source, "global_replication_group_id", GLOBAL)) globals.add(global);
    }
    const members = new Set<IacResource>();
    for (const global of globals) {
      for (const member of pointingAt(index, global, GROUP, "global_replication_group_id")) members.add(member);
      for (const primary of pointedAt(index, global, "primary_replication_group_id", GROUP)) members.add(primary);
    }
    members.delete(source);
    return [...members].map((member) => copyIn(relation, member, "ElastiCache global datastore member"));
  },
};

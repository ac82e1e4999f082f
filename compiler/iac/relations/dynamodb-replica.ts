import { blocks, knownRegion, pointingAt, unknownRegion } from "../links.js";
import { copyIn, type Copy, type Relation } from "./relation.js";

export const relation: Relation = {
  id: "aws/dynamodb-replica",
  docs: {
    summary: "DynamoDB global table replicas",
    what: "Each `replica { region_name }` block of the store's `aws_dynamodb_table`, and each `aws_dynamodb_table_replica` whose `global_table_arn` names the table, is a full copy of the table in that region; so is each `replica { region_name }` of an `aws_dynamodb_global_table` (global tables version 2017.11.29) whose `name` is the table's.",
  },
  sources: ["aws_dynamodb_table"],
  copiesOf(source, index) {
    const copies: Copy[] = blocks(source.values["replica"]).map((replica) => ({
      relation: relation.id,
      holder: source.address,
      region: typeof replica["region_name"] === "string" ? knownRegion(replica["region_name"]) : unknownRegion("its `region_name` is known only after apply"),
      kind: "replica",
      what: "DynamoDB replica",
    }));
    if (source.unknown.has("replica") && copies.length === 0) {
      copies.push({ relation: relation.id, holder: source.address, region: unknownRegion("its `replica` blocks are known only after apply"), kind: "replica", what: "DynamoDB replica" });
    }
    for (const replica of pointingAt(index, source, ["aws_dynamodb_table_replica"], "global_table_arn")) {
      copies.push(copyIn(relation, replica, "DynamoDB replica"));
    }
    // Global tables version 2017.11.29: one table of the same name per region, joined by name.
    for (const global of pointingAt(index, source, ["aws_dynamodb_global_table"], "name")) {
      for (const replica of blocks(global.values["replica"])) {
        const region = typeof replica["region_name"] === "string" ? knownRegion(replica["region_name"]) : unknownRegion("its `region_name` is known only after apply");
        copies.push({ relation: relation.id, holder: global.address, region, kind: "replica", what: "DynamoDB global table (2017.11.29) replica" });
      }
    }
    return copies;
  },
};

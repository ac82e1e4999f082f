import { blocks, knownRegion, unknownRegion } from "../links.js";
import type { Copy, Relation } from "./relation.js";

export const relation: Relation = {
  id: "aws/secretsmanager-replica",
  docs: {
    summary: "Secrets Manager replica regions",
    what: "Each `replica { region }` block of the store's `aws_secretsmanager_secret` keeps a copy of every version of the secret in that region.",
  },
  sources: ["aws_secretsmanager_secret"],
  copiesOf(source) {
    const copies: Copy[] = blocks(source.values["replica"]).map((replica) => ({
      relation: relation.id,
      holder: source.address,
      region: typeof replica["region"] === "string" && replica["region"] !== "" ? knownRegion(replica["region"]) : unknownRegion("its replica's `region` is known only after apply"),
      kind: "replica",
      what: "Secrets Manager replica",
    }));
    if (copies.length === 0 && source.unknown.has("replica")) {
      copies.push({ relation: relation.id, holder: source.address, region: unknownRegion("its `replica` blocks are known only after apply"), kind: "replica", what: "Secrets Manager replica" });
    }
    return copies;
  },
};

import { blocks, pointedAt, pointingAt, unknownRegion, type ResourceIndex } from "../links.js";
import type { IacResource } from "../model.js";
import { copyIn, type Copy, type Relation } from "./relation.js";

const BUCKET = ["aws_s3_bucket"];

/** A destination bucket, given by ARN (`arn:aws:s3:::name`, no region in it): the bucket resource tells the region. */
function destination(index: ResourceIndex, from: IacResource, argument: string, bucket: unknown): Copy {
  const arn = typeof bucket === "string" ? bucket : undefined;
  const name = arn?.startsWith("arn:aws:s3:::") ? arn.slice("arn:aws:s3:::".length) : arn;
  const targets = pointedAt(index, from, argument, BUCKET, arn === undefined ? [] : [arn, name]);
  const target = targets.find((t) => t !== from);
  if (target) return copyIn(relation, target, "S3 replication destination");
  return {
    relation: relation.id,
    holder: name ?? from.address,
    region: unknownRegion(arn === undefined ? "its destination bucket is known only after apply" : "its destination bucket is not in the --iac files, so its region is not known"),
    kind: "replica",
    what: "S3 replication destination",
  };
}

export const relation: Relation = {
  id: "aws/s3-replication",
  docs: {
    summary: "S3 replication destinations",
    what: "An `aws_s3_bucket_replication_configuration` whose `bucket` is the store's bucket copies objects to each `rule.destination.bucket`; so does the older inline `replication_configuration` block of `aws_s3_bucket`. The destination bucket's ARN has no region, so the bucket resource (in any --iac file) gives it; a destination not in the files is reported as unknown.",
  },
  sources: BUCKET,
  copiesOf(source, index) {
    const copies: Copy[] = [];
    for (const configuration of pointingAt(index, source, ["aws_s3_bucket_replication_configuration"], "bucket")) {
      const rules = blocks(configuration.values["rule"]);
      if (rules.length === 0 && configuration.unknown.has("rule")) copies.push(destination(index, configuration, "rule", undefined));
      for (const rule of rules) for (const target of blocks(rule["destination"])) copies.push(destination(index, configuration, "rule", target["bucket"]));
    }
    for (const inline of blocks(source.values["replication_configuration"])) {
      for (const rule of blocks(inline["rules"])) for (const target of blocks(rule["destination"])) copies.push(destination(index, source, "replication_configuration", target["bucket"]));
    }
    return copies;
  },
};

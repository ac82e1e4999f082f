import { pointedAt, pointingAt, regionOfArn, knownRegion, unknownRegion } from "../links.js";
import type { IacResource } from "../model.js";
import { copyIn, type Copy, type Relation } from "./relation.js";

const QUEUE = ["aws_sqs_queue"];

/** `redrive_policy` is a JSON string: `{"deadLetterTargetArn": "...", "maxReceiveCount": 5}`. */
function targetArn(policy: unknown): string | undefined {
  if (typeof policy !== "string" || policy.length > 65_536) return undefined;
  try {
    const parsed: unknown = JSON.parse(policy);
    const arn = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>)["deadLetterTargetArn"] : undefined;
    return typeof arn === "string" ? arn : undefined;
  } catch {
    return undefined;
  }
}

function deadLetterOf(from: IacResource, argument: string, index: Parameters<Relation["copiesOf"]>[1]): Copy | undefined {
  const arn = targetArn(from.values[argument]);
  const queue = pointedAt(index, from, argument, QUEUE, arn === undefined ? [] : [arn])[0];
  if (queue) return copyIn(relation, queue, "dead-letter queue");
  const region = regionOfArn(arn);
  if (region !== undefined) return { relation: relation.id, holder: arn!, region: knownRegion(region), kind: "replica", what: "dead-letter queue" };
  if (from.unknown.has(argument)) {
    return { relation: relation.id, holder: from.address, region: unknownRegion("its dead-letter target is known only after apply"), kind: "replica", what: "dead-letter queue" };
  }
  return undefined;
}

export const relation: Relation = {
  id: "aws/sqs-dead-letter",
  docs: {
    summary: "SQS dead-letter targets",
    what: "The queue named by `deadLetterTargetArn` in the store's `aws_sqs_queue` `redrive_policy` (or in an `aws_sqs_queue_redrive_policy` for it) receives every message that fails delivery, in its own region.",
  },
  sources: QUEUE,
  copiesOf(source, index) {
    const copies: Copy[] = [];
    const inline = deadLetterOf(source, "redrive_policy", index);
    if (inline) copies.push(inline);
    for (const policy of pointingAt(index, source, ["aws_sqs_queue_redrive_policy"], "queue_url")) {
      const copy = deadLetterOf(policy, "redrive_policy", index);
      if (copy) copies.push(copy);
    }
    return copies;
  },
};

import { relations } from "../../iac/relations/index.js";
import { declaredRegions } from "../../iac/placement.js";
import { findingAt, type ModelRule } from "../rule.js";
import { describeRegion, regionSubject } from "./region-words.js";

export const rule: ModelRule = {
  id: "iac/replica",
  severity: "error",
  docs: {
    summary: "A copy of a store's data (replica, global member, replication destination, backup copy, dead-letter queue) is placed in a region the store does not declare.",
    what: [
      "With `check --iac`, cordon follows where the resources behind a store copy their data:",
      ...relations.map((relation) => `${relation.docs.summary}: ${relation.docs.what}`),
      "A copy in a region the store's `regions` do not list (for backup copies: nor the service's `deployment.backup.regions`) is a finding, and so is a copy whose region is known only after apply.",
    ].join("\n"),
    why:
      "Residency fails quietly in the places nobody wrote into a contract: a read replica for a US reporting team, a global table replica, a dead-letter queue, a backup copy for disaster recovery. Each holds the same raw data as the store; the residency rules judge the region found (`residency/store`, `residency/failover` for backups).",
    fix:
      "Remove the copy or move it to a declared region; or declare the region on the store (or as a backup region) if the data may be there, and let the residency rules judge it.",
    example: [
      "# contracts: orders-db in eu-west-1 and eu-central-1",
      "resource \"aws_rds_cluster\" \"orders_reporting\" {",
      "  provider                      = aws.us_west        # iac/replica: us-west-2",
      "  replication_source_identifier = module.orders_db.primary_arn",
      "}",
    ].join("\n"),
  },
  check(context) {
    const iac = context.iac;
    if (!iac) return [];
    return iac.placements.flatMap(({ service, store, resource, ref, copies }) =>
      copies
        .filter((copy) => !copy.region.known || !declaredRegions(service, store, copy.kind).has(copy.region.region))
        .map((copy) => {
          const where = copy.region.known ? `into ${describeRegion(context.set, copy.region.region)}` : `into a region not known before apply (${copy.region.why})`;
          const declared = [...declaredRegions(service, store, copy.kind)].join(", ");
          return findingAt(rule, context, {
            subject: `${service.name}/store:${store.name}/${copy.holder} -> ${regionSubject(copy.region)}`,
            message: `${copy.what} ${copy.holder} copies ${resource.address} (store ${store.name} of ${service.name}) ${where}; the store's data may be in ${declared}.`,
            hint: copy.region.known
              ? `remove the ${copy.what} or move it to ${declared}; or declare ${copy.region.region} on ${store.name}${copy.kind === "backup" ? " (or as a backup region)" : ""} if its data may be there`
              : `give the ${copy.what} a region known at plan time`,
            resource: copy.holder,
            at: ref,
          });
        }),
    );
  },
};

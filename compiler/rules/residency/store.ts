import { findingAt, type ModelRule } from "../rule.js";
import { describeAllowance } from "./explain-allowance.js";

export const rule: ModelRule = {
  id: "residency/store",
  severity: "error",
  docs: {
    summary: "A store holds a data class in a region where the class is not allowed.",
    what:
      "A store of a service (database, cache, queue, dead-letter queue, object store, backup) lists a region whose jurisdiction or id is not in `allowed_in` of the residency rule for one of the store's classes, for the service's origin jurisdiction.",
    why:
      "Every replica holds raw data. A replica in another jurisdiction is a transfer of that data, whatever the reason it was added (latency, a read replica, a dead-letter queue).",
    fix:
      "Remove the region from the store, move the class out of that store (keep only what may live there), or widen the class's `allowed_in` if the transfer is lawful.",
    example: [
      "stores:",
      "  - name: orders-db",
      "    kind: database",
      "    regions: [eu-west-1, us-east-1]    # residency/store: personal from EU may not be in US",
      "    classes: [personal, internal]",
    ].join("\n"),
  },
  check(context) {
    return context.flows.residency
      .filter((flow) => flow.kind === "store" && !flow.allowed)
      .map((flow) =>
        findingAt(rule, context, {
          subject: flow.subject,
          message: `store ${flow.store} of ${flow.service} holds ${flow.class} in ${flow.region} (${flow.jurisdiction})${flow.resource ? ` through ${flow.resource} (--iac)` : ""}, but ${flow.class} from ${flow.origin} has ${describeAllowance(context.set, flow.class, flow.origin)}.`,
          hint: `remove ${flow.region} from ${flow.store}'s regions, keep ${flow.class} out of ${flow.store}, or allow ${flow.jurisdiction} for ${flow.class} if that is lawful`,
          ...(flow.resource ? { resource: flow.resource } : {}),
          at: flow.ref,
        }),
      );
  },
};

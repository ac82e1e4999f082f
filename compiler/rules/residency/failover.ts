import { findingAt, type ModelRule } from "../rule.js";
import { describeAllowance } from "./explain-allowance.js";

export const rule: ModelRule = {
  id: "residency/failover",
  severity: "error",
  docs: {
    summary: "A failover (deployment) or backup region is not allowed for a class the service stores.",
    what:
      "A service's `deployment.regions` (other than its home region) or `deployment.backup.regions` include a region where one of the classes held in the service's stores is not allowed raw, for the service's origin.",
    why:
      "Failing over or restoring a backup moves the service's data with it: a disaster-recovery plan that lands EU personal data in the US is a transfer waiting for the day it is needed.",
    fix:
      "Pick failover and backup regions inside the allowed jurisdictions (often a second region of the same jurisdiction), or keep the class out of the service's stores.",
    example: [
      "region: eu-west-1",
      "deployment:",
      "  regions: [eu-west-1, us-east-1]        # residency/failover for personal",
      "  backup: { interval: 1h, regions: [eu-central-1] }",
      "stores:",
      "  - { name: orders-db, kind: database, regions: [eu-west-1], classes: [personal] }",
    ].join("\n"),
  },
  check(context) {
    return context.flows.residency
      .filter((flow) => (flow.kind === "deployment" || flow.kind === "backup") && !flow.allowed)
      .map((flow) => {
        const what = flow.kind === "backup" ? "backup region" : "failover region";
        return findingAt(rule, context, {
          subject: flow.subject,
          message: `${what} ${flow.region} (${flow.jurisdiction}) of ${flow.service}${flow.resource ? ` (${flow.resource}, --iac)` : ""} would hold ${flow.class}, but ${flow.class} from ${flow.origin} has ${describeAllowance(context.set, flow.class, flow.origin)}.`,
          hint: `choose a ${what} in ${flow.origin}${flow.kind === "backup" ? "" : " (a second region of the home jurisdiction)"}, or allow ${flow.jurisdiction} for ${flow.class} if that is lawful`,
          ...(flow.resource ? { resource: flow.resource } : {}),
          at: flow.ref,
        });
      });
  },
};

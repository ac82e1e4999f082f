import { daysBetween } from "../../dates.js";
import { formatDuration } from "../../duration-format.js";
import { child } from "../../flows.js";
import { tieredServices } from "./tiered.js";
import { findingAt, type ModelRule } from "../rule.js";

export const rule: ModelRule = {
  id: "tier/drill-missing",
  severity: "error",
  docs: {
    summary: "A tier requires DR-drill evidence and the service records no drill.",
    what:
      "The service's tier sets `drill_every`, and the service has no `deployment.drill`, or one dated after the date of the run (`--as-of`, default today): as of that date, no drill had happened.",
    why:
      "An untested recovery plan is a hypothesis. Tiers that require drills want evidence that the estimate holds on a real failover.",
    fix:
      "Run a disaster-recovery drill and record it: `deployment.drill: { date, rto, rpo, result }`.",
    example: [
      "tiers:",
      "  - { name: tier-0, rto: 15m, rpo: 0s, drill_every: 90d }",
      "---",
      "deployment:",
      "  drill: { date: 2026-10-02, rto: 9m, rpo: 0s, result: passed }",
    ].join("\n"),
  },
  check(context) {
    const { set } = context;
    const findings = [];
    for (const { service, tier } of tieredServices(set)) {
      if (tier.drillEvery === undefined) continue;
      const drill = service.deployment.drill;
      if (drill && daysBetween(drill.date, context.asOf) >= 0) continue;
      if (drill) {
        // A drill dated in the future is no evidence yet (a typo of the year, most often).
        findings.push(
          findingAt(rule, context, {
            subject: service.name,
            message: `${service.name}'s DR drill is dated ${drill.date}, after ${context.asOf}: as of then, ${tier.name}'s drill every ${formatDuration(tier.drillEvery)} has no evidence.`,
            hint: "record the date the drill took place",
            at: [child(drill.ref, "date"), drill.ref],
          }),
        );
        continue;
      }
      findings.push(
        findingAt(rule, context, {
          subject: service.name,
          message: `${service.name} (${tier.name}) records no DR drill; ${tier.name} requires one every ${formatDuration(tier.drillEvery)}.`,
          hint: "run a failover drill and record it under deployment.drill: { date, rto, rpo, result }",
          at: [service.deployment.ref, service.ref],
        }),
      );
    }
    return findings;
  },
};

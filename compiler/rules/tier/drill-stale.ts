import { daysBetween } from "../../dates.js";
import { formatDuration } from "../../duration-format.js";
import { child } from "../../flows.js";
import { tieredServices } from "./tiered.js";
import { findingAt, type ModelRule } from "../rule.js";

export const rule: ModelRule = {
  id: "tier/drill-stale",
  severity: "error",
  docs: {
    summary: "The last DR drill is older than the tier's `drill_every`.",
    what:
      "The service's `deployment.drill.date` is more than `drill_every` before the date of the run (`--as-of`, default today).",
    why:
      "Systems drift: a drill from a year ago says little about today's topology, data volume and runbooks.",
    fix: "Run a new drill and update `deployment.drill` with its date and measured rto/rpo.",
    example: [
      "tiers:",
      "  - { name: tier-0, rto: 15m, rpo: 0s, drill_every: 90d }",
      "---",
      "deployment:",
      "  drill: { date: 2025-01-10, rto: 9m, rpo: 0s, result: passed }   # stale as of 2026-11-21",
    ].join("\n"),
  },
  check(context) {
    const { set } = context;
    const findings = [];
    for (const { service, tier } of tieredServices(set)) {
      const drill = service.deployment.drill;
      if (tier.drillEvery === undefined || !drill) continue;
      const ageDays = daysBetween(drill.date, context.asOf);
      if (ageDays * 86_400 <= tier.drillEvery) continue;
      findings.push(
        findingAt(rule, context, {
          subject: service.name,
          message: `${service.name}'s last DR drill (${drill.date}) is ${ageDays} days old as of ${context.asOf}; ${tier.name} requires one every ${formatDuration(tier.drillEvery)}.`,
          hint: "run a new drill and record its date, measured rto/rpo and result",
          at: [child(drill.ref, "date"), drill.ref],
        }),
      );
    }
    return findings;
  },
};

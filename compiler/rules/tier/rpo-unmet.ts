import { exceeds, formatBound } from "../../estimate.js";
import { child } from "../../flows.js";
import { tieredServices } from "./tiered.js";
import { findingAt, type ModelRule } from "../rule.js";

export const rule: ModelRule = {
  id: "tier/rpo-unmet",
  severity: "error",
  docs: {
    summary: "The estimated RPO exceeds the tier's `rpo`.",
    what:
      "The estimator's data-loss window for the service — 0 for `sync` replication, `max_lag` for `async`, else the backup interval, else unbounded — is longer than its tier's `rpo`.",
    why:
      "The tier promises how much data an outage may lose. Replication and backups are what keep that promise; without them a regional outage loses everything since the last copy.",
    fix:
      "Replicate synchronously, lower `max_lag`, back up more often, or move the service to a tier whose rpo it meets.",
    example: [
      "tiers:",
      "  - { name: tier-1, rto: 1h, rpo: 5m }",
      "---",
      "deployment:",
      "  replication: { mode: none }",
      "  backup: { interval: 1h, regions: [eu-central-1] }   # 1h > 5m: tier/rpo-unmet",
    ].join("\n"),
  },
  check(context) {
    const { set } = context;
    const findings = [];
    for (const { service, tier } of tieredServices(set)) {
      const estimate = context.estimates.get(service.name);
      if (!estimate || !exceeds(estimate.rpo, tier.rpo)) continue;
      const { replication, backup, ref } = service.deployment;
      findings.push(
        findingAt(rule, context, {
          subject: service.name,
          message: `${service.name} (${tier.name}) has an estimated RPO of ${formatBound(estimate.rpo)} (${estimate.rpoBasis}), over the tier's ${formatBound(tier.rpo)}.`,
          hint:
            tier.rpo === 0
              ? "an RPO of 0s needs `replication: { mode: sync }`"
              : `replicate with \`mode: async, max_lag: ${formatBound(tier.rpo)}\` or tighter, or back up at least every ${formatBound(tier.rpo)}`,
          at: [replication.ref, backup?.ref, ref && child(ref, "replication"), ref, service.ref],
        }),
      );
    }
    return findings;
  },
};

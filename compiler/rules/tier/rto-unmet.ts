import { exceeds, formatBound } from "../../estimate.js";
import { child } from "../../flows.js";
import { tieredServices } from "./tiered.js";
import { findingAt, type ModelRule } from "../rule.js";

export const rule: ModelRule = {
  id: "tier/rto-unmet",
  severity: "error",
  docs: {
    summary: "The estimated RTO exceeds the tier's `rto`.",
    what:
      "The estimator's recovery time for the service — from its deployment strategy (active-active 1m, warm-standby 15m, pilot-light 1h, backup-restore 24h, none unbounded, overridable in Tiers `assumptions`), and never faster than its slowest hard dependency — is longer than its tier's `rto`. A hard-dependency cycle makes the estimate unbounded.",
    why:
      "The tier is a promise to the business. A deployment that cannot recover within it makes the promise false before the first incident.",
    fix:
      "Use a faster strategy (e.g. warm-standby → active-active), make slow hard dependencies soft, break dependency cycles, or move the service to a tier whose rto it meets.",
    example: [
      "tiers:",
      "  - { name: tier-0, rto: 15m, rpo: 0s }",
      "---",
      "tier: tier-0",
      "deployment:",
      "  strategy: pilot-light      # 1h > 15m: tier/rto-unmet",
    ].join("\n"),
  },
  check(context) {
    const { set } = context;
    const findings = [];
    for (const { service, tier } of tieredServices(set)) {
      const estimate = context.estimates.get(service.name);
      if (!estimate || !exceeds(estimate.rto, tier.rto)) continue;
      const limitedBy = estimate.rtoLimitedBy[0];
      const dependency = limitedBy ? service.dependencies.find((d) => d.service === limitedBy) : undefined;
      const hint = estimate.cycle
        ? `break the hard-dependency cycle ${estimate.cycle.join(" -> ")}: make one of these dependencies soft`
        : dependency && limitedBy
          ? `${limitedBy} recovers in ${formatBound(context.estimates.get(limitedBy)?.rto ?? null)}: make the dependency soft (hard: false) or speed up ${limitedBy}`
          : `use a faster strategy than ${service.deployment.strategy} (e.g. active-active: ${formatBound(set.assumptions.strategyRto["active-active"])}) or move ${service.name} to a tier with rto ≥ ${formatBound(estimate.rto)}`;
      findings.push(
        findingAt(rule, context, {
          subject: service.name,
          message: `${service.name} (${tier.name}) has an estimated RTO of ${formatBound(estimate.rto)} (${estimate.rtoBasis}), over the tier's ${formatBound(tier.rto)}.`,
          hint,
          at: dependency ? dependency.ref : [service.deployment.ref && child(service.deployment.ref, "strategy"), service.ref],
        }),
      );
    }
    return findings;
  },
};

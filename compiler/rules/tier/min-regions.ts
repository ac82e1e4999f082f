import { child } from "../../flows.js";
import { tieredServices } from "./tiered.js";
import { findingAt, type ModelRule } from "../rule.js";

/** The distinct regions a service runs in: its home region and its deployment regions. */
export function deploymentRegions(service: { region: string; deployment: { regions: readonly string[] } }): string[] {
  return [...new Set([service.region, ...service.deployment.regions])];
}

export const rule: ModelRule = {
  id: "tier/min-regions",
  severity: "error",
  docs: {
    summary: "A service runs in fewer regions than its tier's `min_regions`.",
    what:
      "The distinct regions of the service (its home region plus `deployment.regions`) are fewer than the `min_regions` of its tier.",
    why:
      "A tier that promises to survive a regional outage needs somewhere else to run. One region is one outage away from zero.",
    fix:
      "Add a deployment region (inside the jurisdictions its data is allowed in), or move the service to a tier without the requirement.",
    example: [
      "tiers:",
      "  - { name: tier-0, rto: 15m, rpo: 0s, min_regions: 2 }",
      "---",
      "tier: tier-0",
      "region: eu-west-1",
      "deployment:",
      "  regions: [eu-west-1]        # 1 < 2: tier/min-regions",
      "# fix: regions: [eu-west-1, eu-central-1]",
    ].join("\n"),
  },
  check(context) {
    const { set } = context;
    const findings = [];
    for (const { service, tier } of tieredServices(set)) {
      if (tier.minRegions === undefined) continue;
      const regions = deploymentRegions(service);
      if (regions.length >= tier.minRegions) continue;
      findings.push(
        findingAt(rule, context, {
          subject: service.name,
          message: `${service.name} (${tier.name}) runs in ${regions.length} region${regions.length === 1 ? "" : "s"} (${regions.join(", ")}); ${tier.name} requires at least ${tier.minRegions}.`,
          hint: `add ${tier.minRegions - regions.length} more region${tier.minRegions - regions.length === 1 ? "" : "s"} to deployment.regions, inside ${service.jurisdiction} if the service holds data restricted to it`,
          at: [service.deployment.ref && child(service.deployment.ref, "regions"), service.deployment.ref, service.ref],
        }),
      );
    }
    return findings;
  },
};

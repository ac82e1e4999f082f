import { tieredServices } from "./tiered.js";
import { findingAt, type ModelRule } from "../rule.js";

export const rule: ModelRule = {
  id: "tier/dependency-inversion",
  severity: "error",
  docs: {
    summary: "A service has a hard dependency on a service of a less critical tier.",
    what:
      "A dependency with `hard: true` (no fallback: its outage stops the caller) points at a service whose tier comes later in the Tiers list than the caller's.",
    why:
      "A service is only as available as its hard dependencies. A tier-0 checkout that cannot work without a tier-2 recommendations service is, in practice, a tier-2 service with a tier-0 price tag.",
    fix:
      "Make the dependency soft (ship a fallback and set `hard: false`), raise the dependency's tier (with the deployment that tier needs), or record the exception with a Waiver until the fallback ships.",
    example: [
      "name: checkout",
      "tier: tier-0",
      "dependencies:",
      "  - service: recommendations   # tier-2",
      "    hard: true                 # tier/dependency-inversion: checkout -> recommendations",
      "# fix: serve an empty carousel when recommendations is down, and set hard: false",
    ].join("\n"),
  },
  check(context) {
    const { set } = context;
    const findings = [];
    for (const { service, tier } of tieredServices(set)) {
      for (const dependency of service.dependencies) {
        if (!dependency.hard) continue;
        const target = set.services.get(dependency.service);
        const targetTier = target && set.tiersByName.get(target.tier);
        if (!targetTier || targetTier.rank <= tier.rank) continue;
        findings.push(
          findingAt(rule, context, {
            subject: `${service.name} -> ${dependency.service}`,
            message: `${service.name} (${tier.name}) has a hard dependency on ${dependency.service} (${targetTier.name}), a less critical tier.`,
            hint: `give ${service.name} a fallback and set \`hard: false\`, move ${dependency.service} to ${tier.name}, or add a Waiver with subject "${service.name} -> ${dependency.service}"`,
            at: dependency.ref,
          }),
        );
      }
    }
    return findings;
  },
};

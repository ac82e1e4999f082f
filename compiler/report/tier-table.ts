/** The tier table (target vs estimated RTO/RPO, drill evidence) and the estimator's assumptions. */
import { STRATEGIES, type ContractSet } from "../../contracts/model.js";
import { daysBetween } from "../dates.js";
import { formatDuration } from "../duration-format.js";
import { exceeds, formatBound, type Estimate } from "../estimate.js";
import type { EstimatorAssumptions, TierRow } from "./model.js";
import { displayLocation } from "./paths.js";

export function buildTierTable(
  set: ContractSet,
  estimates: ReadonlyMap<string, Estimate>,
  asOf: string,
): TierRow[] {
  const rows: TierRow[] = [];
  for (const service of set.services.values()) {
    const tier = set.tiersByName.get(service.tier);
    const estimate = estimates.get(service.name);
    if (!tier || !estimate) continue;
    const { drill } = service.deployment;
    const ageDays = drill ? daysBetween(drill.date, asOf) : 0;
    rows.push({
      service: service.name,
      ...(service.owner !== undefined ? { owner: service.owner } : {}),
      tier: tier.name,
      strategy: service.deployment.strategy,
      regions: [...service.deployment.regions],
      ...(tier.minRegions !== undefined ? { minRegions: tier.minRegions } : {}),
      targetRto: formatDuration(tier.rto),
      targetRpo: formatDuration(tier.rpo),
      estimatedRto: formatBound(estimate.rto),
      estimatedRpo: formatBound(estimate.rpo),
      rtoBasis: estimate.rtoBasis,
      rpoBasis: estimate.rpoBasis,
      rtoMet: !exceeds(estimate.rto, tier.rto),
      rpoMet: !exceeds(estimate.rpo, tier.rpo),
      drillRequired: tier.drillEvery !== undefined,
      ...(drill
        ? {
            drill: {
              date: drill.date,
              ageDays,
              result: drill.result,
              ...(drill.rto !== undefined ? { measuredRto: formatDuration(drill.rto) } : {}),
              ...(drill.rpo !== undefined ? { measuredRpo: formatDuration(drill.rpo) } : {}),
              stale: tier.drillEvery !== undefined && ageDays * 86_400 > tier.drillEvery,
            },
          }
        : {}),
    });
  }
  // Most critical tier first, then by name: the order a reviewer reads a BCP table in.
  const rank = (name: string): number => set.tiersByName.get(name)?.rank ?? Number.MAX_SAFE_INTEGER;
  return rows.sort((a, b) => rank(a.tier) - rank(b.tier) || a.service.localeCompare(b.service));
}

export function buildAssumptions(set: ContractSet, cwd: string): EstimatorAssumptions {
  return {
    strategyRto: STRATEGIES.map((strategy) => {
      const ref = set.assumptions.overridden[strategy];
      const where = ref ? displayLocation(set.locate(ref), cwd) : undefined;
      return {
        strategy,
        rto: formatBound(set.assumptions.strategyRto[strategy]),
        source: ref ? `contract${where ? ` (${where})` : ""}` : "default",
      };
    }),
    rules: [
      "RTO of a service: the recovery time of its deployment strategy (table above).",
      "Effective RTO: a service cannot recover faster than its slowest hard dependency, so it is the maximum over its hard-dependency chain; a hard-dependency cycle makes it unbounded.",
      "RPO: sync replication 0; async replication its max_lag; otherwise the backup interval; otherwise unbounded.",
      "Drills: the measured RTO/RPO and result of the last drill are evidence, not estimates; a drill older than the tier's drill_every is stale.",
    ],
  };
}

import type { ContractSet, Service, Tier } from "../../../contracts/model.js";

/** Every service with its (resolved) tier, in declaration order. */
export function* tieredServices(set: ContractSet): Generator<{ service: Service; tier: Tier }> {
  for (const service of set.services.values()) {
    const tier = set.tiersByName.get(service.tier);
    if (tier) yield { service, tier };
  }
}

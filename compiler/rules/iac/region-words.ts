import type { ContractSet } from "../../../contracts/model.js";
import type { RegionReading } from "../../iac/model.js";

/** The subject's region: the id, or `unknown` when the plan knows it only after apply. */
export function regionSubject(region: RegionReading): string {
  return region.known ? region.region : "unknown";
}

/** `us-west-2 (US)`, or `us-west-9, which Residency does not declare`. */
export function describeRegion(set: ContractSet, region: string): string {
  const declared = set.regions.get(region);
  return declared ? `${region} (${declared.jurisdiction})` : `${region}, which Residency \`regions\` does not declare`;
}

/**
 * A resource's region, in the order SPEC §7 gives: its `region` argument (`location` for
 * Google and Azure), else its provider configuration's region, else the region in its ARN,
 * else its availability zone without the zone letter. A value the plan only knows after
 * apply is reported as unknown, never guessed.
 */
import type { ConfiguredResource, Configuration } from "./configuration.js";
import type { RegionReading } from "./model.js";
import { providerRegion, type ProviderRegion } from "./provider-region.js";

const ARGUMENTS_BY_PROVIDER: ReadonlyMap<string, readonly string[]> = new Map([
  ["aws", ["region"]],
  ["google", ["region", "location"]],
  ["google-beta", ["region", "location"]],
  ["azurerm", ["location"]],
]);

/**
 * Resources whose place is in another argument than their provider's usual one: without these,
 * a Firestore database in `eur3` or a Spanner instance in `nam-eur-asia1` would be read as standing
 * in the provider's region and pass where it is not.
 */
const ARGUMENTS_BY_TYPE: ReadonlyMap<string, readonly string[]> = new Map([
  ["google_firestore_database", ["location_id"]],
  ["google_app_engine_application", ["location_id"]],
  ["google_spanner_instance", ["config"]],
]);

/** A Spanner instance config names its place: `regional-europe-west1` is europe-west1; `eur3`, `nam-eur-asia1` are multi-region location ids. */
function placeOf(type: string | undefined, value: string): string {
  if (type !== "google_spanner_instance") return value;
  const config = value.slice(value.lastIndexOf("/") + 1);
  return config.startsWith("regional-") ? config.slice("regional-".length) : config;
}

export interface RegionInputs {
  readonly provider: string;
  /** The resource type, for the few whose place is not in their provider's usual argument. */
  readonly type?: string;
  readonly values: Readonly<Record<string, unknown>>;
  readonly unknown: ReadonlySet<string>;
  readonly configured?: ConfiguredResource;
  readonly configuration?: Configuration;
  /** Provider key → its region, shared by the resources of one document (thousands share a few providers). */
  readonly providerRegions?: Map<string, ProviderRegion>;
}

export function regionOf(input: RegionInputs): RegionReading {
  const { values, unknown, configured } = input;
  const reasons: string[] = [];

  const typed = input.type === undefined ? undefined : ARGUMENTS_BY_TYPE.get(input.type);
  for (const argument of typed ?? ARGUMENTS_BY_PROVIDER.get(input.provider) ?? ["region", "location"]) {
    const value = values[argument];
    if (typeof value === "string" && value !== "") return { known: true, region: placeOf(input.type, value), source: "argument" };
    // Set in the configuration but known only after apply: the provider's region says nothing about it.
    if (unknown.has(argument) && configured?.arguments.has(argument)) {
      return { known: false, why: `its \`${argument}\` argument is known only after apply` };
    }
  }

  if (configured?.providerKey !== undefined && input.configuration) {
    let fromProvider = input.providerRegions?.get(configured.providerKey);
    if (!fromProvider) {
      fromProvider = providerRegion(input.configuration, configured.providerKey);
      input.providerRegions?.set(configured.providerKey, fromProvider);
    }
    if (fromProvider.kind === "known") return { known: true, region: fromProvider.region, source: "provider" };
    if (fromProvider.kind === "unknown") reasons.push(fromProvider.why);
    else reasons.push(`provider ${configured.providerKey.replace(/^.*:/, "")} sets no region (it comes from the environment at apply)`);
  }

  const arn = values["arn"];
  if (typeof arn === "string") {
    const region = arn.split(":")[3];
    if (arn.startsWith("arn:") && region) return { known: true, region, source: "arn" };
  }

  const zone = typeof values["availability_zone"] === "string" ? values["availability_zone"] : firstString(values["availability_zones"]);
  if (zone !== undefined) {
    const region = /^([a-z]{2}(?:-[a-z]+)+-\d+)[a-z]$/.exec(zone)?.[1];
    if (region) return { known: true, region, source: "zone" };
  }

  if (reasons.length === 0) reasons.push("the files give no region, provider region, ARN or availability zone for it");
  return { known: false, why: reasons.join("; ") };
}

function firstString(value: unknown): string | undefined {
  return Array.isArray(value) && typeof value[0] === "string" ? value[0] : undefined;
}

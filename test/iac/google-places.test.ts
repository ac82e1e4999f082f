/**
 * Google data stores whose place is not in `region`/`location`: before these, each was read as
 * standing in its provider's region and passed wherever its data really was. Plans shaped as
 * `terraform show -json` writes them (google provider region in `configuration`).
 */
import { describe, expect, it } from "vitest";
import { indexResources } from "../../compiler/iac/links.js";
import { copiesOf } from "../../compiler/iac/relations/index.js";
import { resourcesOf } from "../../compiler/iac/terraform-json.js";
import { plan, type TestResource } from "./plan-builder.js";

function read(resources: TestResource[]) {
  const all = resourcesOf(plan({ providers: { google: { region: "europe-west1" } }, resources: resources.map((r) => ({ provider: "google", providerName: "registry.terraform.io/hashicorp/google", ...r })) }), "/tmp/plan.json", 1000);
  const index = indexResources(all);
  return (address: string) => {
    const resource = all.find((r) => r.address === address)!;
    return {
      region: resource.region.known ? resource.region.region : "?",
      copies: copiesOf(resource, index).map((copy) => `${copy.relation} ${copy.region.known ? copy.region.region : "?"}`),
    };
  };
}

describe("where a Google store stands", () => {
  it("reads a Firestore database's `location_id` and a Spanner instance's `config`, not the provider's region", () => {
    const at = read([
      { address: "google_firestore_database.eu", values: { name: "(default)", location_id: "eur3", type: "FIRESTORE_NATIVE" } },
      { address: "google_firestore_database.us", values: { name: "us", location_id: "nam5" } },
      { address: "google_spanner_instance.regional", values: { name: "orders", config: "regional-europe-west1" } },
      { address: "google_spanner_instance.global", values: { name: "ledger", config: "nam-eur-asia1" } },
      { address: "google_spanner_instance.later", values: { name: "later" }, refs: { config: ["google_spanner_instance_config.custom.name"] }, unknown: ["config"] },
    ]);
    expect(at("google_firestore_database.eu").region).toBe("eur3");
    expect(at("google_firestore_database.us").region).toBe("nam5");
    expect(at("google_spanner_instance.regional").region).toBe("europe-west1");
    expect(at("google_spanner_instance.global").region).toBe("nam-eur-asia1");
    expect(at("google_spanner_instance.later").region).toBe("?");
  });

  it("places each Bigtable cluster in its zone's region, and a Pub/Sub topic's messages in each allowed persistence region", () => {
    const at = read([
      { address: "google_bigtable_instance.events", values: { name: "events", cluster: [{ cluster_id: "eu", zone: "europe-west1-b" }, { cluster_id: "us", zone: "us-central1-c" }, { cluster_id: "auto" }] } },
      { address: "google_pubsub_topic.orders", values: { name: "orders", message_storage_policy: [{ allowed_persistence_regions: ["europe-west1", "us-east1"] }] } },
      { address: "google_pubsub_topic.plain", values: { name: "plain" } },
    ]);
    expect(at("google_bigtable_instance.events").copies).toEqual(["google/replica-locations europe-west1", "google/replica-locations us-central1", "google/replica-locations ?"]);
    expect(at("google_pubsub_topic.orders").copies).toEqual(["google/replica-locations europe-west1", "google/replica-locations us-east1"]);
    expect(at("google_pubsub_topic.plain").copies).toEqual([]);
  });
});

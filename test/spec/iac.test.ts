/**
 * SPEC §7 read as an outside tester would: a tiny contract set and `terraform show -json`
 * documents shaped as Terraform writes them, `check --iac` spawned, only the JSON surface
 * (rule, subject, exit code) looked at.
 */
import { describe, expect, it } from "vitest";
import { cordon } from "../helpers/cli.js";
import { writeFiles } from "../helpers/contract-files.js";

/** Personal data may be raw only in the EU; `orders-db` of `checkout` stands in europe-west1 and names `iac`. */
function contracts(iac: readonly string[]): string {
  return `apiVersion: cordon/v1
kind: DataClasses
classes:
  - { name: personal, level: 2, redaction: hash }
---
apiVersion: cordon/v1
kind: Residency
regions:
  europe-west1: { jurisdiction: EU }
  europe-west4: { jurisdiction: EU }
  us-central1: { jurisdiction: US }
rules:
  - { class: personal, allowed_in: [EU] }
default: deny
---
apiVersion: cordon/v1
kind: Tiers
tiers:
  - { name: tier-2, rto: 48h, rpo: 48h }
---
apiVersion: cordon/v1
kind: Service
name: checkout
owner: team
tier: tier-2
region: europe-west1
deployment: { regions: [europe-west1], strategy: backup-restore, backup: { interval: 1h, regions: [europe-west1] } }
stores:
  - name: orders-db
    kind: object-store
    regions: [europe-west1]
    classes: [personal]
    iac: [${iac.join(", ")}]
`;
}

/** `terraform show -json` of state holding these root-module resources. */
function state(resources: readonly { address: string; type: string; values: Record<string, unknown> }[]): string {
  return JSON.stringify({
    format_version: "1.0",
    terraform_version: "1.9.5",
    values: {
      root_module: {
        resources: resources.map((r) => ({
          address: r.address,
          mode: "managed",
          type: r.type,
          name: r.address.split(".")[1],
          provider_name: "registry.terraform.io/hashicorp/google",
          schema_version: 0,
          values: r.values,
          sensitive_values: {},
        })),
      },
    },
  });
}

function checkIac(contractsYaml: string, stateJson: string): { code: number | null; findings: { rule: string; subject: string }[] } {
  const dir = writeFiles({ "contracts/all.yaml": contractsYaml, "state.json": stateJson }, "cordon-spec-iac-");
  const run = cordon(["check", "--contracts", "contracts", "--iac", "state.json", "--format", "json", "--as-of", "2026-11-21"], { cwd: dir });
  return { code: run.code, findings: (JSON.parse(run.stdout) as { findings: { rule: string; subject: string }[] }).findings };
}

describe("a resource's region is the declared region it names (SPEC §7: region ids are declared under Residency `regions`)", () => {
  // The google provider keeps a bucket's location as the API returns it: in capitals.
  const bucket = (location: string, dataLocations?: string[]) => ({
    address: "google_storage_bucket.orders",
    type: "google_storage_bucket",
    values: {
      name: "orders",
      project: "shop",
      location,
      ...(dataLocations ? { custom_placement_config: [{ data_locations: dataLocations }] } : {}),
    },
  });

  it("a Cloud Storage bucket in EUROPE-WEST1 stands in europe-west1: no finding", () => {
    const run = checkIac(contracts(["google_storage_bucket.orders"]), state([bucket("EUROPE-WEST1")]));
    expect(run.findings).toEqual([]);
    expect(run.code).toBe(0);
  });

  it("one in US-CENTRAL1 stands in us-central1: the store's region and residency findings name the declared region", () => {
    const run = checkIac(contracts(["google_storage_bucket.orders"]), state([bucket("US-CENTRAL1")]));
    expect(run.findings.map((f) => `${f.rule} ${f.subject}`).sort()).toEqual([
      "iac/store-region checkout/store:orders-db/google_storage_bucket.orders -> us-central1",
      "residency/store checkout/store:orders-db/personal -> us-central1",
    ]);
    expect(run.code).toBe(1);
  });

  it("a dual-region bucket's data locations are read the same way", () => {
    const run = checkIac(contracts(["google_storage_bucket.orders"]), state([bucket("EUR4", ["EUROPE-WEST1", "US-CENTRAL1"])]));
    const subjects = run.findings.map((f) => `${f.rule} ${f.subject}`);
    expect(subjects).toContain("iac/replica checkout/store:orders-db/google_storage_bucket.orders -> us-central1");
    expect(subjects).toContain("residency/store checkout/store:orders-db/personal -> us-central1");
    expect(subjects.filter((s) => /EUROPE-WEST1|US-CENTRAL1/.test(s))).toEqual([]);
    expect(run.code).toBe(1);
  });
});

describe("iac/replica: Azure replica locations (SPEC §7)", () => {
  const azure = (iac: string) =>
    contracts([iac])
      .replace("europe-west1: { jurisdiction: EU }", "westeurope: { jurisdiction: EU }")
      .replace("europe-west4: { jurisdiction: EU }", "northeurope: { jurisdiction: EU }")
      .replace("us-central1: { jurisdiction: US }", "eastus: { jurisdiction: US }\n  westus: { jurisdiction: US }")
      .replaceAll("[europe-west1]", "[westeurope]")
      .replace("region: europe-west1", "region: westeurope");
  const account = (location: string, secondary: string) => ({
    address: "azurerm_storage_account.orders",
    type: "azurerm_storage_account",
    values: { name: "orders", location, account_replication_type: "GRS", primary_location: location, secondary_location: secondary },
  });
  const stateOf = (resource: ReturnType<typeof account>) => state([resource]).replaceAll("hashicorp/google", "hashicorp/azurerm");

  it("a geo-redundant storage account's secondary location holds a copy", () => {
    const run = checkIac(azure("azurerm_storage_account.orders"), stateOf(account("westeurope", "eastus")));
    expect(run.findings.map((f) => `${f.rule} ${f.subject}`).sort()).toEqual([
      "iac/replica checkout/store:orders-db/azurerm_storage_account.orders -> eastus",
      "residency/store checkout/store:orders-db/personal -> eastus",
    ]);
    expect(run.code).toBe(1);
  });

  it("its secondary in a region the store declares is no finding", () => {
    const run = checkIac(azure("azurerm_storage_account.orders").replace("regions: [westeurope]\n    classes", "regions: [westeurope, northeurope]\n    classes"), stateOf(account("westeurope", "northeurope")));
    expect(run.findings).toEqual([]);
    expect(run.code).toBe(0);
  });
});

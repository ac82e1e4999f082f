/**
 * Multi-region and dual-region locations (SPEC §7 "Google and Azure resources: their `location`"):
 * a Cloud Storage bucket or BigQuery dataset in `EU`, `US` or the dual-region `EUR4` keeps its
 * data in several regions that the files never name. cordon does not guess them: such a location
 * is a location id of its own, which must be declared under Residency `regions` (with the
 * jurisdiction a reviewer gives it) and named by the store, or `iac/store-region` fails the gate.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cordon } from "../helpers/cli.js";
import { plan } from "./plan-builder.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A contract folder whose one store names `storeRegions`, and a plan placing `location` resources behind it. */
function run(storeRegions: string[], declared: Record<string, string>, locations: Record<string, string>): { code: number | null; findings: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "cordon-iac-multi-"));
  dirs.push(dir);
  const contracts = join(dir, "contracts");
  mkdirSync(join(contracts, "services"), { recursive: true });
  writeFileSync(join(contracts, "data-classes.yaml"), "apiVersion: cordon/v1\nkind: DataClasses\nclasses:\n  - name: personal\n    level: 2\n    redaction: hash\n");
  writeFileSync(
    join(contracts, "residency.yaml"),
    `apiVersion: cordon/v1\nkind: Residency\nregions:\n${Object.entries(declared).map(([id, j]) => `  ${id}: { jurisdiction: ${j} }\n`).join("")}rules:\n  - class: personal\n    from: [EU]\n    allowed_in: [EU]\ndefault: deny\n`,
  );
  writeFileSync(join(contracts, "tiers.yaml"), "apiVersion: cordon/v1\nkind: Tiers\ntiers:\n  - name: tier-2\n    rto: 24h\n    rpo: 24h\n");
  const addresses = Object.keys(locations);
  writeFileSync(
    join(contracts, "services", "media.yaml"),
    [
      "apiVersion: cordon/v1",
      "kind: Service",
      "name: media",
      "owner: team",
      "tier: tier-2",
      "region: europe-west1",
      "deployment:",
      "  regions: [europe-west1]",
      "stores:",
      "  - name: media",
      "    kind: object-store",
      `    regions: [${storeRegions.join(", ")}]`,
      "    classes: [personal]",
      `    iac: [${addresses.join(", ")}]`,
      "",
    ].join("\n"),
  );
  const document = plan({
    providers: { google: { region: "europe-west1" } },
    resources: addresses.map((address) => ({ address, provider: "google", providerName: "registry.terraform.io/hashicorp/google", values: { name: address.split(".")[1], location: locations[address] } })),
  });
  const planPath = join(dir, "plan.json");
  writeFileSync(planPath, JSON.stringify(document));
  const result = cordon(["check", "--contracts", contracts, "--iac", planPath, "--format", "json"]);
  const findings = (JSON.parse(result.stdout) as { findings: { rule: string; subject: string; severity: string }[] }).findings
    .filter((f) => f.rule.startsWith("iac/") || f.rule.startsWith("residency/"))
    .map((f) => `${f.rule} ${f.severity} ${f.subject}`)
    .sort();
  return { code: result.code, findings };
}

describe("multi-region locations", () => {
  it("a bucket in the EU multi-region, a dual-region bucket and an EU BigQuery dataset behind a store of europe-west1 fail the gate: never placed in one declared region", () => {
    const { code, findings } = run(["europe-west1"], { "europe-west1": "EU" }, {
      "google_storage_bucket.multi": "EU",
      "google_storage_bucket.dual": "EUR4",
      "google_bigquery_dataset.events": "EU",
      "google_storage_bucket.single": "EUROPE-WEST1",
    });
    expect(code).toBe(1);
    expect(findings.filter((f) => f.startsWith("iac/"))).toEqual([
      "iac/store-region error media/store:media/google_bigquery_dataset.events -> EU",
      "iac/store-region error media/store:media/google_storage_bucket.dual -> EUR4",
      "iac/store-region error media/store:media/google_storage_bucket.multi -> EU",
    ]);
  });

  it("a US multi-region holding EU personal data fails residency as well, once declared with its jurisdiction", () => {
    const { findings } = run(["europe-west1"], { "europe-west1": "EU", US: "US" }, { "google_storage_bucket.us": "US" });
    expect(findings).toEqual(["iac/store-region error media/store:media/google_storage_bucket.us -> US", "residency/store error media/store:media/personal -> US"]);
  });

  it("a multi-region the contracts declare and the store names passes: the reviewer's recorded decision", () => {
    const { findings } = run(["EU"], { "europe-west1": "EU", EU: "EU" }, { "google_storage_bucket.multi": "EU", "google_bigquery_dataset.events": "EU" });
    expect(findings).toEqual([]);
  });
});

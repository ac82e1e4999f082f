/**
 * The iac rules over a contract set (the shared test organisation) and plans written here:
 * store-region (real and unknown regions), replica, unmapped-store, undeclared-resource, and
 * the residency rules judging the regions found, at the store's YAML node.
 */
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { checkContractSet } from "../../compiler/check.js";
import type { IacInventory } from "../../compiler/iac/model.js";
import { resourcesOf } from "../../compiler/iac/terraform-json.js";
import type { CheckResult } from "../../compiler/result.js";
import { AS_OF, lineOf, ofRule, subjects } from "../helpers/check-files.js";
import { loadValid, writeFiles } from "../helpers/contract-files.js";
import { editing } from "../helpers/shop-base.js";
import { plan, type TestResource } from "./plan-builder.js";

const ORDERS = "    classes: [personal, internal]\n";
const providers = { aws: { region: "eu-west-1" }, "aws.standby": { region: "eu-central-1", alias: "standby" }, "aws.us": { region: "us-east-1", alias: "us" } };

async function checkWith(iacLine: string | undefined, resources: TestResource[], storeRegions = "[eu-west-1, eu-central-1]"): Promise<{ result: CheckResult; text: string }> {
  const store = `    regions: [eu-west-1, eu-central-1]\n${ORDERS}`;
  const edited = `    regions: ${storeRegions}\n${ORDERS}${iacLine === undefined ? "" : `    iac: ${iacLine}\n`}`;
  const files = editing("checkout.yaml", store, edited);
  const set = await loadValid(writeFiles(files));
  const inventory: IacInventory = { files: ["/tmp/plan.json"], resources: resourcesOf(plan({ providers, resources }), "/tmp/plan.json", 1000), problems: [] };
  return { result: checkContractSet(set, { asOf: AS_OF, iac: inventory }), text: files["checkout.yaml"]! };
}

const primary: TestResource = { address: "module.db.aws_rds_cluster.primary", values: { arn: "arn:aws:rds:eu-west-1:1:cluster:orders" } };

describe("iac/store-region", () => {
  it("passes resources in declared regions, and is silent without --iac", async () => {
    const { result } = await checkWith("[module.db.aws_rds_cluster.primary, module.db.aws_rds_cluster.standby]", [
      primary,
      { address: "module.db.aws_rds_cluster.standby", provider: "aws.standby" },
    ]);
    expect(result.findings.filter((f) => f.rule.startsWith("iac/") || f.rule.startsWith("residency/"))).toEqual([]);
  });

  it("fires for a resource in an undeclared region, at the iac entry, and residency/store judges the region", async () => {
    const { result, text } = await checkWith("[module.db.aws_rds_cluster.primary, module.db.aws_rds_cluster.us]", [
      primary,
      { address: "module.db.aws_rds_cluster.us", provider: "aws.us" },
    ]);
    const [finding, ...rest] = ofRule(result, "iac/store-region");
    expect(rest).toEqual([]);
    expect(finding?.subject).toBe("checkout/store:orders-db/module.db.aws_rds_cluster.us -> us-east-1");
    expect(finding?.resource).toBe("module.db.aws_rds_cluster.us");
    expect(basename(finding!.location!.file)).toBe("checkout.yaml");
    expect(finding!.location!.line).toBe(lineOf(text, "iac:"));
    expect(subjects(result, "residency/store")).toEqual(["checkout/store:orders-db/personal -> us-east-1"]);
    expect(ofRule(result, "residency/store")[0]?.message).toMatch(/through module\.db\.aws_rds_cluster\.us/);
  });

  it("fires for a region known only after apply, and never guesses it", async () => {
    const { result } = await checkWith("[module.db.aws_rds_cluster.primary]", [{ ...primary, values: {}, refs: { region: ["random_shuffle.r.result"] }, unknown: ["region", "arn"] }]);
    expect(subjects(result, "iac/store-region")).toEqual(["checkout/store:orders-db/module.db.aws_rds_cluster.primary -> unknown"]);
    expect(ofRule(result, "iac/store-region")[0]?.message).toMatch(/not known before apply/);
    expect(subjects(result, "residency/store")).toEqual([]);
  });

  it("maps resources by cordon:service and cordon:store tags too, pointing at the store's name", async () => {
    const { result, text } = await checkWith(undefined, [
      { address: "aws_dynamodb_table.orders", provider: "aws.us", values: { tags: { "cordon:service": "checkout", "cordon:store": "orders-db" } } },
    ]);
    expect(subjects(result, "iac/store-region")).toEqual(["checkout/store:orders-db/aws_dynamodb_table.orders -> us-east-1"]);
    expect(ofRule(result, "iac/store-region")[0]!.location!.line).toBe(lineOf(text, "name: orders-db"));
  });
});

describe("iac/replica", () => {
  it("fires for a read replica the contract forgot, and residency/store fails the gate for it", async () => {
    const { result } = await checkWith("[module.db.aws_rds_cluster.primary]", [
      primary,
      // the root refers to the module's output; the plan knows the existing primary's ARN
      {
        address: "aws_rds_cluster.reporting",
        provider: "aws.us",
        refs: { replication_source_identifier: ["module.db.primary_arn", "module.db"] },
        values: { replication_source_identifier: "arn:aws:rds:eu-west-1:1:cluster:orders" },
        unknown: ["arn"],
      },
    ]);
    expect(subjects(result, "iac/replica")).toEqual(["checkout/store:orders-db/aws_rds_cluster.reporting -> us-east-1"]);
    expect(subjects(result, "residency/store")).toEqual(["checkout/store:orders-db/personal -> us-east-1"]);
  });

  it("fires for an inline DynamoDB replica of a mapped table, held by the table itself", async () => {
    const { result } = await checkWith("[aws_dynamodb_table.orders]", [
      { address: "aws_dynamodb_table.orders", values: { name: "orders", replica: [{ region_name: "eu-central-1" }, { region_name: "us-east-1" }] } },
    ]);
    expect(subjects(result, "iac/store-region")).toEqual([]);
    expect(subjects(result, "iac/replica")).toEqual(["checkout/store:orders-db/aws_dynamodb_table.orders -> us-east-1"]);
    expect(subjects(result, "residency/store")).toEqual(["checkout/store:orders-db/personal -> us-east-1"]);
  });

  it("judges backup copies against the backup regions (residency/failover)", async () => {
    const backup = (provider: string): TestResource[] => [
      primary,
      { address: "aws_backup_vault.home", values: { name: "home", arn: "arn:aws:backup:eu-west-1:1:backup-vault:home" } },
      { address: "aws_backup_vault.copy", provider, unknown: ["arn"], values: { name: "copy" } },
      { address: "aws_backup_plan.p", values: { id: "p", rule: [{ target_vault_name: "home", copy_action: [{}] }] }, refs: { rule: ["aws_backup_vault.home.name", "aws_backup_vault.copy.arn"] } },
      { address: "aws_backup_selection.s", refs: { plan_id: ["aws_backup_plan.p.id"] }, values: { resources: ["arn:aws:rds:eu-west-1:1:cluster:orders"] } },
    ];
    // eu-central-1 is the service's backup region (not the store's): nothing to say
    const standby = await checkWith("[module.db.aws_rds_cluster.primary]", backup("aws.standby"), "[eu-west-1]");
    expect(standby.result.findings.filter((f) => f.rule.startsWith("iac/") || f.rule.startsWith("residency/"))).toEqual([]);
    const { result } = await checkWith("[module.db.aws_rds_cluster.primary]", backup("aws.us"));
    expect(subjects(result, "iac/replica")).toEqual(["checkout/store:orders-db/aws_backup_vault.copy -> us-east-1"]);
    expect(subjects(result, "residency/failover")).toEqual(["checkout/backup/personal -> us-east-1"]);
  });
});

describe("iac/unmapped-store", () => {
  it("fires for an address that matches nothing, and not for one matching every instance", async () => {
    const { result } = await checkWith("[module.db.aws_rds_cluster.primary, aws_rds_cluster.renamed]", [
      { ...primary, address: "module.db.aws_rds_cluster.primary[0]" },
    ]);
    expect(subjects(result, "iac/unmapped-store")).toEqual(["checkout/store:orders-db/aws_rds_cluster.renamed"]);
  });
});

describe("iac/undeclared-resource", () => {
  it("warns for a resource tagged for a store the service does not declare, at the service", async () => {
    const { result } = await checkWith(undefined, [{ address: "aws_sqs_queue.refunds", values: { tags: { "cordon:service": "checkout", "cordon:store": "refunds" } } }]);
    const [finding, ...rest] = ofRule(result, "iac/undeclared-resource");
    expect(rest).toEqual([]);
    expect(finding?.severity).toBe("warning");
    expect(finding?.subject).toBe("aws_sqs_queue.refunds");
    expect(basename(finding!.location!.file)).toBe("checkout.yaml");
  });
});

/**
 * Each replica/copy relation of SPEC §7 on a plan fixture written here: the copy is found
 * (by configuration reference before apply, by identifier or ARN after), in the region of
 * the resource that holds it; unknown destinations are reported as unknown.
 */
import { describe, expect, it } from "vitest";
import { indexResources } from "../../compiler/iac/links.js";
import type { IacResource } from "../../compiler/iac/model.js";
import { copiesOf } from "../../compiler/iac/relations/index.js";
import { resourcesOf } from "../../compiler/iac/terraform-json.js";
import { plan, state, type TestResource } from "./plan-builder.js";

const providers = {
  aws: { region: "eu-west-1" },
  "aws.us": { region: "us-east-1", alias: "us" },
  "aws.oregon": { region: "us-west-2", alias: "oregon" },
};

/** relation id, holder, region ("?" = unknown) of every copy of `source`. */
function copies(resources: readonly TestResource[], source: string, document = plan({ providers, resources })): string[] {
  const all: IacResource[] = resourcesOf(document, "/tmp/plan.json", 1000);
  const index = indexResources(all);
  const found = all.find((resource) => resource.address === source);
  if (!found) throw new Error(`no ${source}`);
  return copiesOf(found, index).map((copy) => `${copy.relation} ${copy.holder} ${copy.region.known ? copy.region.region : "?"} ${copy.kind}`);
}

describe("aws/rds-read-replica", () => {
  it("finds a cross-region instance replica by configuration reference (plan, ARN unknown)", () => {
    expect(
      copies(
        [
          { address: "aws_db_instance.orders", values: { identifier: "orders" } },
          { address: "aws_db_instance.replica", provider: "aws.us", refs: { replicate_source_db: ["aws_db_instance.orders.arn", "aws_db_instance.orders"] }, unknown: ["arn"] },
          { address: "aws_db_instance.unrelated", provider: "aws.us", values: { replicate_source_db: "" } },
        ],
        "aws_db_instance.orders",
      ),
    ).toEqual(["aws/rds-read-replica aws_db_instance.replica us-east-1 replica"]);
  });

  it("finds an instance replica by ARN in state (no configuration)", () => {
    const resources = [
      { address: "aws_db_instance.orders", values: { arn: "arn:aws:rds:eu-west-1:1:db:orders", identifier: "orders" } },
      { address: "aws_db_instance.replica", values: { arn: "arn:aws:rds:us-west-2:1:db:orders-r", replicate_source_db: "arn:aws:rds:eu-west-1:1:db:orders" } },
    ];
    expect(copies(resources, "aws_db_instance.orders", state(resources))).toEqual(["aws/rds-read-replica aws_db_instance.replica us-west-2 replica"]);
  });

  it("finds an Aurora cross-region read replica cluster", () => {
    expect(
      copies(
        [
          { address: "module.db.aws_rds_cluster.this", values: { arn: "arn:aws:rds:eu-west-1:1:cluster:orders" } },
          { address: "aws_rds_cluster.reporting", provider: "aws.oregon", values: { replication_source_identifier: "arn:aws:rds:eu-west-1:1:cluster:orders" } },
        ],
        "module.db.aws_rds_cluster.this",
      ),
    ).toEqual(["aws/rds-read-replica aws_rds_cluster.reporting us-west-2 replica"]);
  });
});

describe("aws/aurora-global-cluster", () => {
  it("finds every other member of the store cluster's global database", () => {
    expect(
      copies(
        [
          { address: "aws_rds_global_cluster.g", values: { global_cluster_identifier: "orders" } },
          { address: "aws_rds_cluster.eu", refs: { global_cluster_identifier: ["aws_rds_global_cluster.g.id", "aws_rds_global_cluster.g"] } },
          { address: "aws_rds_cluster.us", provider: "aws.us", values: { global_cluster_identifier: "orders" } },
        ],
        "aws_rds_cluster.eu",
      ),
    ).toEqual(["aws/aurora-global-cluster aws_rds_cluster.us us-east-1 replica"]);
  });
});

describe("aws/dynamodb-replica", () => {
  it("reads inline replica blocks and aws_dynamodb_table_replica resources", () => {
    expect(
      copies(
        [
          { address: "aws_dynamodb_table.t", values: { name: "t", arn: "arn:aws:dynamodb:eu-west-1:1:table/t", replica: [{ region_name: "eu-central-1" }, { region_name: "us-east-2" }] } },
          { address: "aws_dynamodb_table_replica.us", provider: "aws.us", values: { global_table_arn: "arn:aws:dynamodb:eu-west-1:1:table/t" } },
        ],
        "aws_dynamodb_table.t",
      ),
    ).toEqual([
      "aws/dynamodb-replica aws_dynamodb_table.t eu-central-1 replica",
      "aws/dynamodb-replica aws_dynamodb_table.t us-east-2 replica",
      "aws/dynamodb-replica aws_dynamodb_table_replica.us us-east-1 replica",
    ]);
  });
});

describe("aws/s3-replication", () => {
  it("finds the destination bucket's region through the bucket resource (S3 ARNs have none)", () => {
    expect(
      copies(
        [
          { address: "aws_s3_bucket.src", values: { bucket: "src", arn: "arn:aws:s3:::src" } },
          { address: "aws_s3_bucket.dst", provider: "aws.us", values: { bucket: "dst", arn: "arn:aws:s3:::dst" } },
          { address: "aws_s3_bucket_replication_configuration.r", values: { bucket: "src", rule: [{ destination: [{ bucket: "arn:aws:s3:::dst" }] }] } },
        ],
        "aws_s3_bucket.src",
      ),
    ).toEqual(["aws/s3-replication aws_s3_bucket.dst us-east-1 replica"]);
  });

  it("reports a destination outside the files as unknown, never guessed", () => {
    expect(
      copies(
        [
          { address: "aws_s3_bucket.src", values: { bucket: "src" } },
          { address: "aws_s3_bucket_replication_configuration.r", refs: { bucket: ["aws_s3_bucket.src.id"] }, values: { rule: [{ destination: [{ bucket: "arn:aws:s3:::elsewhere" }] }] } },
        ],
        "aws_s3_bucket.src",
      ),
    ).toEqual(["aws/s3-replication elsewhere ? replica"]);
  });
});

describe("aws/elasticache-global-datastore", () => {
  it("finds the secondary groups of the primary's global datastore", () => {
    expect(
      copies(
        [
          { address: "aws_elasticache_replication_group.primary", values: { replication_group_id: "carts" } },
          { address: "aws_elasticache_global_replication_group.g", refs: { primary_replication_group_id: ["aws_elasticache_replication_group.primary.id"] }, values: { global_replication_group_id: "x-carts" } },
          { address: "aws_elasticache_replication_group.secondary", provider: "aws.us", values: { global_replication_group_id: "x-carts" } },
        ],
        "aws_elasticache_replication_group.primary",
      ),
    ).toEqual(["aws/elasticache-global-datastore aws_elasticache_replication_group.secondary us-east-1 replica"]);
  });
});

describe("aws/backup-copy", () => {
  const resources = (copyArn: string | undefined): TestResource[] => [
    { address: "aws_rds_cluster.orders", values: { arn: "arn:aws:rds:eu-west-1:1:cluster:orders" } },
    { address: "aws_backup_vault.home", values: { name: "home", arn: "arn:aws:backup:eu-west-1:1:backup-vault:home" } },
    { address: "aws_backup_vault.dr", provider: "aws.oregon", values: { name: "dr" }, unknown: copyArn === undefined ? ["arn"] : [] },
    {
      address: "aws_backup_plan.p",
      values: { id: "p1", rule: [{ target_vault_name: "home", copy_action: [copyArn === undefined ? {} : { destination_vault_arn: copyArn }] }] },
      refs: { rule: ["aws_backup_vault.home.name", "aws_backup_vault.dr.arn"] },
    },
    { address: "aws_backup_selection.s", values: { plan_id: "p1", resources: ["arn:aws:rds:eu-west-1:1:cluster:orders"] } },
  ];

  it("reads the copy destination's region from its ARN", () => {
    expect(copies(resources("arn:aws:backup:us-west-2:1:backup-vault:dr-elsewhere"), "aws_rds_cluster.orders")).toEqual([
      "aws/backup-copy aws_backup_vault.home eu-west-1 backup",
      "aws/backup-copy arn:aws:backup:us-west-2:1:backup-vault:dr-elsewhere us-west-2 backup",
    ]);
  });

  it("finds a vault created in the same plan (ARN unknown) through the plan's references", () => {
    expect(copies(resources(undefined), "aws_rds_cluster.orders")).toEqual([
      "aws/backup-copy aws_backup_vault.home eu-west-1 backup",
      "aws/backup-copy aws_backup_vault.dr us-west-2 backup",
    ]);
  });
});

describe("aws/sqs-dead-letter", () => {
  it("reads the redrive policy's target, inline and as its own resource", () => {
    expect(
      copies(
        [
          { address: "aws_sqs_queue.q", values: { arn: "arn:aws:sqs:eu-west-1:1:q", url: "https://q", redrive_policy: JSON.stringify({ deadLetterTargetArn: "arn:aws:sqs:eu-west-1:1:dlq" }) } },
          { address: "aws_sqs_queue.dlq", values: { arn: "arn:aws:sqs:eu-west-1:1:dlq" } },
          { address: "aws_sqs_queue_redrive_policy.extra", values: { queue_url: "https://q", redrive_policy: JSON.stringify({ deadLetterTargetArn: "arn:aws:sqs:us-east-1:1:far" }) } },
        ],
        "aws_sqs_queue.q",
      ),
    ).toEqual(["aws/sqs-dead-letter aws_sqs_queue.dlq eu-west-1 replica", "aws/sqs-dead-letter arn:aws:sqs:us-east-1:1:far us-east-1 replica"]);
  });

  it("reports a dead-letter target known only after apply", () => {
    expect(copies([{ address: "aws_sqs_queue.q", values: {}, unknown: ["redrive_policy"] }], "aws_sqs_queue.q")).toEqual(["aws/sqs-dead-letter aws_sqs_queue.q ? replica"]);
  });
});

describe("Google and Azure locations", () => {
  it("finds Cloud SQL replicas and dual-region bucket locations", () => {
    const resources: TestResource[] = [
      { address: "google_sql_database_instance.main", provider: "google", values: { name: "main", region: "europe-west1" } },
      { address: "google_sql_database_instance.replica", provider: "google", values: { name: "r", region: "us-central1", master_instance_name: "main" } },
      { address: "google_storage_bucket.b", provider: "google", values: { name: "b", location: "EU", custom_placement_config: [{ data_locations: ["EUROPE-WEST1", "US-EAST1"] }] } },
    ];
    expect(copies(resources, "google_sql_database_instance.main")).toEqual(["google/replica-locations google_sql_database_instance.replica us-central1 replica"]);
    expect(copies(resources, "google_storage_bucket.b")).toEqual([
      "google/replica-locations google_storage_bucket.b EUROPE-WEST1 replica",
      "google/replica-locations google_storage_bucket.b US-EAST1 replica",
    ]);
  });

  it("finds Cosmos DB geo-replicas", () => {
    expect(
      copies([{ address: "azurerm_cosmosdb_account.c", provider: "azurerm", values: { location: "westeurope", geo_location: [{ location: "westeurope" }, { location: "eastus" }] } }], "azurerm_cosmosdb_account.c"),
    ).toEqual(["azure/replica-locations azurerm_cosmosdb_account.c westeurope replica", "azure/replica-locations azurerm_cosmosdb_account.c eastus replica"]);
  });
});

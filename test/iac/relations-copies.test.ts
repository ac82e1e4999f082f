/**
 * Copies of a store's data in other regions that the first relations did not follow: RDS
 * cross-region automated backups, DocumentDB/Neptune global clusters, Redshift snapshot copies,
 * Azure SQL geo-replicas and failover groups. Each plan is shaped as `terraform show -json`
 * writes it (planned_values, resource_changes with after_unknown, configuration with provider
 * regions and references), before apply (references) and in state (identifiers, ARNs).
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
  azurerm: {},
};

/** relation id, holder, region ("?" = unknown), kind of every copy of `source`. */
function copies(resources: readonly TestResource[], source: string, document = plan({ providers, resources })): string[] {
  const all: IacResource[] = resourcesOf(document, "/tmp/plan.json", 1000);
  const found = all.find((resource) => resource.address === source);
  if (!found) throw new Error(`no ${source}`);
  return copiesOf(found, indexResources(all)).map((copy) => `${copy.relation} ${copy.holder} ${copy.region.known ? copy.region.region : "?"} ${copy.kind}`);
}

describe("aws/rds-backup-replication", () => {
  it("finds automated backups replicated to another region by reference before apply (the instance's ARN unknown)", () => {
    expect(
      copies(
        [
          { address: "aws_db_instance.orders", values: { identifier: "orders" }, unknown: ["arn"] },
          { address: "aws_db_instance_automated_backups_replication.dr", provider: "aws.us", refs: { source_db_instance_arn: ["aws_db_instance.orders.arn", "aws_db_instance.orders"] }, values: { retention_period: 14 }, unknown: ["source_db_instance_arn", "id"] },
        ],
        "aws_db_instance.orders",
      ),
    ).toEqual(["aws/rds-backup-replication aws_db_instance_automated_backups_replication.dr us-east-1 backup"]);
  });

  it("finds them by the instance's ARN in state, where the replication's own ARN (`id`) tells nothing cordon reads", () => {
    const resources: TestResource[] = [
      { address: "aws_db_instance.orders", values: { arn: "arn:aws:rds:eu-west-1:1:db:orders", identifier: "orders" } },
      {
        address: "module.dr.aws_db_instance_automated_backups_replication.this",
        values: { id: "arn:aws:rds:us-east-1:1:auto-backup:ab-x", arn: "arn:aws:rds:us-east-1:1:auto-backup:ab-x", source_db_instance_arn: "arn:aws:rds:eu-west-1:1:db:orders" },
      },
    ];
    expect(copies(resources, "aws_db_instance.orders", state(resources))).toEqual(["aws/rds-backup-replication module.dr.aws_db_instance_automated_backups_replication.this us-east-1 backup"]);
  });
});

describe("aws/docdb-neptune-global-cluster", () => {
  it("finds the other members of a DocumentDB global cluster, joined by identifier or by reference", () => {
    const resources: TestResource[] = [
      { address: "aws_docdb_global_cluster.g", values: { global_cluster_identifier: "profiles" } },
      { address: "aws_docdb_cluster.primary", values: { cluster_identifier: "profiles-eu" }, refs: { global_cluster_identifier: ["aws_docdb_global_cluster.g.id", "aws_docdb_global_cluster.g"] } },
      { address: "aws_docdb_cluster.secondary", provider: "aws.us", values: { cluster_identifier: "profiles-us", global_cluster_identifier: "profiles" } },
      // A Neptune cluster of the same name is another engine's global database: not a member.
      { address: "aws_neptune_cluster.other", provider: "aws.us", values: { global_cluster_identifier: "profiles" } },
    ];
    expect(copies(resources, "aws_docdb_cluster.primary")).toEqual(["aws/docdb-neptune-global-cluster aws_docdb_cluster.secondary us-east-1 replica"]);
    expect(copies(resources, "aws_docdb_global_cluster.g")).toEqual([
      "aws/docdb-neptune-global-cluster aws_docdb_cluster.primary eu-west-1 replica",
      "aws/docdb-neptune-global-cluster aws_docdb_cluster.secondary us-east-1 replica",
    ]);
  });

  it("finds a Neptune global cluster's primary attached by `source_db_cluster_identifier`", () => {
    const resources: TestResource[] = [
      { address: "aws_neptune_cluster.eu", values: { arn: "arn:aws:rds:eu-west-1:1:cluster:graph", cluster_identifier: "graph" } },
      { address: "aws_neptune_global_cluster.g", provider: "aws.us", values: { global_cluster_identifier: "graph-global", source_db_cluster_identifier: "arn:aws:rds:eu-west-1:1:cluster:graph" } },
      { address: "aws_neptune_cluster.us", provider: "aws.us", values: { cluster_identifier: "graph-us", global_cluster_identifier: "graph-global" } },
    ];
    expect(copies(resources, "aws_neptune_cluster.us")).toEqual(["aws/docdb-neptune-global-cluster aws_neptune_cluster.eu eu-west-1 replica"]);
  });
});

describe("aws/redshift-snapshot-copy", () => {
  it("reads the cluster's inline `snapshot_copy` block and `aws_redshift_snapshot_copy` resources", () => {
    const resources: TestResource[] = [
      { address: "aws_redshift_cluster.dw", values: { cluster_identifier: "dw", snapshot_copy: [{ destination_region: "us-east-1", retention_period: 7, grant_name: null }] } },
      { address: "aws_redshift_snapshot_copy.dr", values: { cluster_identifier: "dw", destination_region: "eu-central-1" } },
      { address: "aws_redshift_cluster.other", values: { cluster_identifier: "other" } },
    ];
    expect(copies(resources, "aws_redshift_cluster.dw")).toEqual([
      "aws/redshift-snapshot-copy aws_redshift_cluster.dw us-east-1 backup",
      "aws/redshift-snapshot-copy aws_redshift_snapshot_copy.dr eu-central-1 backup",
    ]);
    expect(copies(resources, "aws_redshift_cluster.other")).toEqual([]);
  });

  it("reports a destination region known only after apply as unknown, never guessed", () => {
    expect(
      copies(
        [
          { address: "aws_redshift_cluster.dw", values: { cluster_identifier: "dw" } },
          { address: "aws_redshift_snapshot_copy.dr", refs: { cluster_identifier: ["aws_redshift_cluster.dw.id", "aws_redshift_cluster.dw"], destination_region: ["var.dr_region"] }, unknown: ["destination_region", "cluster_identifier"] },
        ],
        "aws_redshift_cluster.dw",
      ),
    ).toEqual(["aws/redshift-snapshot-copy aws_redshift_snapshot_copy.dr ? backup"]);
  });
});

describe("azure/sql-geo-replication", () => {
  const servers: TestResource[] = [
    { address: "azurerm_mssql_server.primary", provider: "azurerm", values: { name: "sql-eu", location: "westeurope" } },
    { address: "azurerm_mssql_server.secondary", provider: "azurerm", values: { name: "sql-us", location: "eastus" } },
  ];

  it("finds a geo-secondary database in its server's location (a database has no location of its own)", () => {
    expect(
      copies(
        [
          ...servers,
          { address: "azurerm_mssql_database.orders", provider: "azurerm", refs: { server_id: ["azurerm_mssql_server.primary.id", "azurerm_mssql_server.primary"] }, values: { name: "orders" }, unknown: ["id"] },
          {
            address: "azurerm_mssql_database.orders_geo",
            provider: "azurerm",
            values: { name: "orders", create_mode: "Secondary" },
            refs: { server_id: ["azurerm_mssql_server.secondary.id", "azurerm_mssql_server.secondary"], creation_source_database_id: ["azurerm_mssql_database.orders.id", "azurerm_mssql_database.orders"] },
            unknown: ["id", "server_id", "creation_source_database_id"],
          },
        ],
        "azurerm_mssql_database.orders",
      ),
    ).toEqual(["azure/sql-geo-replication azurerm_mssql_database.orders_geo eastus replica"]);
  });

  it("finds a failover group's partner server, from the database and from the server", () => {
    const resources: TestResource[] = [
      ...servers.map((server) => ({ ...server, values: { ...server.values, id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/${String(server.values?.["name"])}` } })),
      { address: "azurerm_mssql_database.orders", provider: "azurerm", values: { name: "orders", id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/sql-eu/databases/orders", server_id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/sql-eu" } },
      {
        address: "azurerm_mssql_failover_group.fg",
        provider: "azurerm",
        values: {
          name: "orders-fg",
          server_id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/sql-eu",
          databases: ["/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/sql-eu/databases/orders"],
          partner_server: [{ id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/sql-us", location: "eastus", role: "Secondary" }],
        },
      },
    ];
    const document = state(resources);
    expect(copies(resources, "azurerm_mssql_database.orders", document)).toEqual(["azure/sql-geo-replication azurerm_mssql_server.secondary eastus replica"]);
    expect(copies(resources, "azurerm_mssql_server.primary", document)).toEqual(["azure/sql-geo-replication azurerm_mssql_server.secondary eastus replica"]);
  });

  it("reads a partner server outside the files from the block's location, and reports it unknown when that is not known yet", () => {
    const group = (partner: Record<string, unknown>): TestResource[] => [
      { address: "azurerm_mssql_database.orders", provider: "azurerm", values: { name: "orders", id: "db-orders" } },
      { address: "azurerm_mssql_failover_group.fg", provider: "azurerm", values: { name: "fg", databases: ["db-orders"], partner_server: [partner] } },
    ];
    expect(copies(group({ id: "srv-elsewhere", location: "northeurope" }), "azurerm_mssql_database.orders")).toEqual(["azure/sql-geo-replication srv-elsewhere northeurope replica"]);
    expect(copies(group({ id: "srv-elsewhere" }), "azurerm_mssql_database.orders")).toEqual(["azure/sql-geo-replication srv-elsewhere ? replica"]);
  });
});

describe("azure/replica-locations: geo-redundant storage in a plan", () => {
  // As terraform-compliance/cli's tests/functional/test_issue-285/plan.out.json has it: a GRS
  // account whose `secondary_location` is in after_unknown, absent from planned values.
  const account = (type: string | undefined, extra: Partial<TestResource> = {}): TestResource[] => [
    { address: "azurerm_storage_account.example", provider: "azurerm", values: { location: "westeurope", ...(type ? { account_replication_type: type } : {}) }, unknown: ["secondary_location", "id"], ...extra },
  ];

  it("reports the paired-region copy of a GRS/RA-GZRS account as unknown before apply, never passes it", () => {
    expect(copies(account("GRS"), "azurerm_storage_account.example")).toEqual(["azure/replica-locations azurerm_storage_account.example ? replica"]);
    expect(copies(account("RAGZRS"), "azurerm_storage_account.example")).toEqual(["azure/replica-locations azurerm_storage_account.example ? replica"]);
    expect(copies(account(undefined, { unknown: ["secondary_location", "account_replication_type"] }), "azurerm_storage_account.example")).toEqual(["azure/replica-locations azurerm_storage_account.example ? replica"]);
  });

  it("keeps LRS/ZRS accounts in their one region, and reads a known secondary from state", () => {
    expect(copies(account("LRS"), "azurerm_storage_account.example")).toEqual([]);
    expect(copies(account("ZRS"), "azurerm_storage_account.example")).toEqual([]);
    const known: TestResource[] = [{ address: "azurerm_storage_account.example", provider: "azurerm", values: { location: "westeurope", account_replication_type: "GRS", secondary_location: "northeurope" } }];
    expect(copies(known, "azurerm_storage_account.example", state(known))).toEqual(["azure/replica-locations azurerm_storage_account.example northeurope replica"]);
  });
});

describe("aws/dynamodb-replica: global tables version 2017.11.29", () => {
  it("reads the replica regions of an aws_dynamodb_global_table joined to the table by name", () => {
    const resources: TestResource[] = [
      { address: "aws_dynamodb_table.eu", values: { name: "sessions", arn: "arn:aws:dynamodb:eu-west-1:1:table/sessions" } },
      { address: "aws_dynamodb_table.us", provider: "aws.us", values: { name: "sessions" } },
      { address: "aws_dynamodb_global_table.sessions", values: { name: "sessions", replica: [{ region_name: "eu-west-1" }, { region_name: "us-east-1" }] } },
      { address: "aws_dynamodb_global_table.other", values: { name: "other", replica: [{ region_name: "ap-south-1" }] } },
    ];
    expect(copies(resources, "aws_dynamodb_table.eu")).toEqual([
      "aws/dynamodb-replica aws_dynamodb_global_table.sessions eu-west-1 replica",
      "aws/dynamodb-replica aws_dynamodb_global_table.sessions us-east-1 replica",
    ]);
  });
});

describe("aws/efs-replication", () => {
  it("finds the destination region, from `region` or a One Zone replica's zone, and reports one not known yet", () => {
    const resources: TestResource[] = [
      { address: "aws_efs_file_system.uploads", values: { id: "fs-1", arn: "arn:aws:elasticfilesystem:eu-west-1:1:file-system/fs-1" } },
      { address: "aws_efs_replication_configuration.us", values: { source_file_system_id: "fs-1", destination: [{ region: "us-east-1" }] } },
      { address: "aws_efs_replication_configuration.zone", refs: { source_file_system_id: ["aws_efs_file_system.uploads.id", "aws_efs_file_system.uploads"] }, values: { destination: [{ availability_zone_name: "us-west-2b" }] } },
      { address: "aws_efs_replication_configuration.later", refs: { source_file_system_id: ["aws_efs_file_system.uploads.id", "aws_efs_file_system.uploads"] }, values: { destination: [{}] } },
    ];
    expect(copies(resources, "aws_efs_file_system.uploads")).toEqual([
      "aws/efs-replication aws_efs_replication_configuration.us us-east-1 replica",
      "aws/efs-replication aws_efs_replication_configuration.zone us-west-2 replica",
      "aws/efs-replication aws_efs_replication_configuration.later ? replica",
    ]);
  });
});

describe("azure/database-server-copies", () => {
  it("finds a flexible server read replica in its own location, and a geo-redundant backup as a copy in a region the files do not name", () => {
    const resources: TestResource[] = [
      { address: "azurerm_postgresql_flexible_server.main", provider: "azurerm", values: { name: "pg-eu", location: "westeurope", geo_redundant_backup_enabled: true }, unknown: ["id"] },
      {
        address: "azurerm_postgresql_flexible_server.replica",
        provider: "azurerm",
        values: { name: "pg-us", location: "eastus", create_mode: "Replica", geo_redundant_backup_enabled: false },
        refs: { source_server_id: ["azurerm_postgresql_flexible_server.main.id", "azurerm_postgresql_flexible_server.main"] },
        unknown: ["id", "source_server_id"],
      },
      { address: "azurerm_mysql_flexible_server.other", provider: "azurerm", values: { name: "my", location: "westeurope", geo_redundant_backup_enabled: false } },
    ];
    expect(copies(resources, "azurerm_postgresql_flexible_server.main")).toEqual([
      "azure/database-server-copies azurerm_postgresql_flexible_server.replica eastus replica",
      "azure/database-server-copies azurerm_postgresql_flexible_server.main ? backup",
    ]);
    expect(copies(resources, "azurerm_postgresql_flexible_server.replica")).toEqual([]);
    expect(copies(resources, "azurerm_mysql_flexible_server.other")).toEqual([]);
  });
});

describe("aws/secretsmanager-replica", () => {
  it("reads each replica block's region, and reports replicas known only after apply", () => {
    expect(copies([{ address: "aws_secretsmanager_secret.api", values: { name: "api", replica: [{ region: "us-east-1", kms_key_id: "" }] } }], "aws_secretsmanager_secret.api")).toEqual([
      "aws/secretsmanager-replica aws_secretsmanager_secret.api us-east-1 replica",
    ]);
    expect(copies([{ address: "aws_secretsmanager_secret.api", values: { name: "api" }, unknown: ["replica"] }], "aws_secretsmanager_secret.api")).toEqual(["aws/secretsmanager-replica aws_secretsmanager_secret.api ? replica"]);
    expect(copies([{ address: "aws_secretsmanager_secret.api", values: { name: "api", replica: [] } }], "aws_secretsmanager_secret.api")).toEqual([]);
  });
});

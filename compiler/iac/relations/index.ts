/** Every replica/copy relation `check --iac` follows, in the order `iac/replica`'s docs list them. */
import { relation as rdsReadReplica } from "./rds-read-replica.js";
import { relation as auroraGlobalCluster } from "./aurora-global-cluster.js";
import { relation as dynamodbReplica } from "./dynamodb-replica.js";
import { relation as s3Replication } from "./s3-replication.js";
import { relation as elasticacheGlobalDatastore } from "./elasticache-global-datastore.js";
import { relation as backupCopy } from "./backup-copy.js";
import { relation as sqsDeadLetter } from "./sqs-dead-letter.js";
import { relation as rdsBackupReplication } from "./rds-backup-replication.js";
import { relation as docdbNeptuneGlobalCluster } from "./docdb-neptune-global-cluster.js";
import { relation as redshiftSnapshotCopy } from "./redshift-snapshot-copy.js";
import { relation as azureSqlGeoReplication } from "./azure-sql-geo-replication.js";
import { relation as efsReplication } from "./efs-replication.js";
import { relation as azureDatabaseServerCopies } from "./azure-database-server-copies.js";
import { relation as secretsmanagerReplica } from "./secretsmanager-replica.js";
import { relation as googleLocations } from "./google-locations.js";
import { relation as azureLocations } from "./azure-locations.js";
import type { ResourceIndex } from "../links.js";
import type { IacResource } from "../model.js";
import type { Copy, Relation } from "./relation.js";

export const relations: readonly Relation[] = [
  rdsReadReplica,
  auroraGlobalCluster,
  dynamodbReplica,
  s3Replication,
  elasticacheGlobalDatastore,
  backupCopy,
  sqsDeadLetter,
  rdsBackupReplication,
  docdbNeptuneGlobalCluster,
  redshiftSnapshotCopy,
  efsReplication,
  secretsmanagerReplica,
  googleLocations,
  azureLocations,
  azureSqlGeoReplication,
  azureDatabaseServerCopies,
];

/** Every copy of a resource's data that the files place, by every relation that applies to its type. */
export function copiesOf(source: IacResource, index: ResourceIndex): Copy[] {
  return relations
    .filter((relation) => relation.sources.length === 0 || relation.sources.includes(source.type))
    .flatMap((relation) => relation.copiesOf(source, index));
}

/** RDS DB instances in one region, with the settings the backup, encryption and exposure rules read. */
import { z } from 'zod';
import type { Resource } from '../../resource.ts';
import type { CliRunner } from '../exec.ts';
import { arnOf, awsResource, inRegion, tagList, tagsOf, type AwsAccount } from './resource.ts';

const dbInstances = z.object({
  DBInstances: z.array(
    z.object({
      DBInstanceIdentifier: z.string(),
      DBInstanceArn: z.string().nullish(),
      DBInstanceClass: z.string().nullish(),
      Engine: z.string().nullish(),
      EngineVersion: z.string().nullish(),
      DBName: z.string().nullish(),
      AllocatedStorage: z.number().nullish(),
      StorageType: z.string().nullish(),
      StorageEncrypted: z.boolean().nullish(),
      KmsKeyId: z.string().nullish(),
      PubliclyAccessible: z.boolean().nullish(),
      BackupRetentionPeriod: z.number().nullish(),
      MultiAZ: z.boolean().nullish(),
      DeletionProtection: z.boolean().nullish(),
      IAMDatabaseAuthenticationEnabled: z.boolean().nullish(),
      AutoMinorVersionUpgrade: z.boolean().nullish(),
      CopyTagsToSnapshot: z.boolean().nullish(),
      ReadReplicaSourceDBInstanceIdentifier: z.string().nullish(),
      DBClusterIdentifier: z.string().nullish(),
      DBSubnetGroup: z.object({ DBSubnetGroupName: z.string().nullish() }).nullish(),
      VpcSecurityGroups: z.array(z.object({ VpcSecurityGroupId: z.string() })).nullish(),
      TagList: tagList,
    }),
  ),
});

export async function collectDbInstances(runner: CliRunner, account: AwsAccount, region: string): Promise<Resource[]> {
  const answer = await runner.json(inRegion(region, ['rds', 'describe-db-instances']), dbInstances);
  return answer.DBInstances.map((db) =>
    awsResource(account, {
      id: db.DBInstanceArn ?? arnOf(account, 'rds', region, `db:${db.DBInstanceIdentifier}`),
      type: 'aws:rds/instance:Instance',
      nativeType: 'AWS::RDS::DBInstance',
      name: db.DBInstanceIdentifier,
      region,
      nativeId: db.DBInstanceIdentifier,
      props: {
        identifier: db.DBInstanceIdentifier,
        instanceClass: db.DBInstanceClass,
        engine: db.Engine,
        engineVersion: db.EngineVersion,
        dbName: db.DBName,
        allocatedStorage: db.AllocatedStorage,
        storageType: db.StorageType,
        storageEncrypted: db.StorageEncrypted ?? false,
        kmsKeyId: db.KmsKeyId,
        publiclyAccessible: db.PubliclyAccessible ?? false,
        backupRetentionPeriod: db.BackupRetentionPeriod,
        multiAz: db.MultiAZ ?? false,
        deletionProtection: db.DeletionProtection ?? false,
        iamDatabaseAuthenticationEnabled: db.IAMDatabaseAuthenticationEnabled,
        autoMinorVersionUpgrade: db.AutoMinorVersionUpgrade,
        copyTagsToSnapshot: db.CopyTagsToSnapshot,
        replicateSourceDb: db.ReadReplicaSourceDBInstanceIdentifier,
        clusterIdentifier: db.DBClusterIdentifier,
        dbSubnetGroupName: db.DBSubnetGroup?.DBSubnetGroupName,
        vpcSecurityGroupIds: db.VpcSecurityGroups?.map((group) => group.VpcSecurityGroupId),
      },
      tags: tagsOf(db.TagList),
    }),
  );
}

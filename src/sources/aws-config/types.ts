/**
 * The mapping table: AWS Config resource type → Pulumi type token and input props. It covers
 * every type a rule in policies/aws reads, plus the IAM principals and network types those rules'
 * findings usually involve. A type missing here is kept with `unknownType` (raw type, raw
 * configuration) so nothing is dropped silently; adding one is a row here.
 */
import { mapInstance, mapLaunchTemplate, mapSecurityGroup, SUBNET_FIELDS, VOLUME_FIELDS, VPC_FIELDS } from './ec2.ts';
import { mapGroup, mapPolicy, mapRole, mapUser } from './iam.ts';
import type { ConfigItem } from './item.ts';
import type { Mapped, TypeMapping } from './mapping.ts';
import { mapAccountPublicAccessBlock, mapBucket } from './s3.ts';
import { compact, record, rename } from './values.ts';

/** A mapper that only renames top-level configuration fields. */
function renamed(table: Readonly<Record<string, string>>): (item: ConfigItem) => Mapped {
  return (item) => ({ props: rename(item.configuration, table) });
}

const RDS_INSTANCE_FIELDS = {
  dBInstanceIdentifier: 'identifier',
  dBInstanceClass: 'instanceClass',
  engine: 'engine',
  engineVersion: 'engineVersion',
  allocatedStorage: 'allocatedStorage',
  storageType: 'storageType',
  iops: 'iops',
  storageEncrypted: 'storageEncrypted',
  kmsKeyId: 'kmsKeyId',
  multiAZ: 'multiAz',
  publiclyAccessible: 'publiclyAccessible',
  backupRetentionPeriod: 'backupRetentionPeriod',
  deletionProtection: 'deletionProtection',
  dBName: 'dbName',
  masterUsername: 'username',
  readReplicaSourceDBInstanceIdentifier: 'replicateSourceDb',
  preferredBackupWindow: 'backupWindow',
  preferredMaintenanceWindow: 'maintenanceWindow',
  autoMinorVersionUpgrade: 'autoMinorVersionUpgrade',
  copyTagsToSnapshot: 'copyTagsToSnapshot',
  iAMDatabaseAuthenticationEnabled: 'iamDatabaseAuthenticationEnabled',
  monitoringInterval: 'monitoringInterval',
  monitoringRoleArn: 'monitoringRoleArn',
  performanceInsightsEnabled: 'performanceInsightsEnabled',
  performanceInsightsKMSKeyId: 'performanceInsightsKmsKeyId',
  performanceInsightsRetentionPeriod: 'performanceInsightsRetentionPeriod',
  enabledCloudwatchLogsExports: 'enabledCloudwatchLogsExports',
  cACertificateIdentifier: 'caCertIdentifier',
  licenseModel: 'licenseModel',
  availabilityZone: 'availabilityZone',
  characterSetName: 'characterSetName',
  timezone: 'timezone',
} as const;

/**
 * Aurora instances stay `aws:rds/instance:Instance` (not ClusterInstance): the RDS rules skip
 * Aurora by `engine`, except public accessibility, which they must still see.
 */
function mapDbInstance(item: ConfigItem): Mapped {
  const config = item.configuration;
  const list = (value: unknown) => (Array.isArray(value) ? value.map((entry) => record(entry) ?? {}) : []);
  const endpoint = record(config.endpoint);
  return {
    props: compact({
      ...rename(config, RDS_INSTANCE_FIELDS),
      // `dbInstancePort` is 0 for most engines in Config; the endpoint has the real port.
      port: config.dbInstancePort || endpoint?.port,
      dbSubnetGroupName: record(config.dBSubnetGroup)?.dBSubnetGroupName,
      vpcSecurityGroupIds: list(config.vpcSecurityGroups).map((group) => group.vpcSecurityGroupId).filter(Boolean),
      parameterGroupName: list(config.dBParameterGroups)[0]?.dBParameterGroupName,
      optionGroupName: list(config.optionGroupMemberships)[0]?.optionGroupName,
    }),
  };
}

const TRAIL_FIELDS = {
  name: 'name',
  s3BucketName: 's3BucketName',
  s3KeyPrefix: 's3KeyPrefix',
  snsTopicName: 'snsTopicName',
  includeGlobalServiceEvents: 'includeGlobalServiceEvents',
  isMultiRegionTrail: 'isMultiRegionTrail',
  isOrganizationTrail: 'isOrganizationTrail',
  logFileValidationEnabled: 'enableLogFileValidation',
  cloudWatchLogsLogGroupArn: 'cloudWatchLogsGroupArn',
  cloudWatchLogsRoleArn: 'cloudWatchLogsRoleArn',
  kmsKeyId: 'kmsKeyId',
} as const;

function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

/**
 * Config records rotation in `supplementaryConfiguration.KeyRotationStatus` (a boolean, or the
 * string `"true"` in batch-get output). Items shaped like CloudFormation's AWS::KMS::Key carry
 * `keyRotationEnabled` / `EnableKeyRotation` in the configuration instead. AWS-managed keys
 * rotate every year and cannot be changed, so without a recorded status they count as rotating.
 */
function mapKey(item: ConfigItem): Mapped {
  const config = item.configuration;
  const recorded =
    flag(item.supplementary.KeyRotationStatus) ??
    flag(config.keyRotationEnabled) ??
    flag(config.KeyRotationEnabled) ??
    flag(config.EnableKeyRotation);
  return {
    props: compact({
      description: config.description,
      keyUsage: config.keyUsage,
      customerMasterKeySpec: config.keySpec ?? config.customerMasterKeySpec,
      customKeyStoreId: config.customKeyStoreId,
      multiRegion: config.multiRegion,
      isEnabled: config.enabled,
      enableKeyRotation: recorded ?? (config.keyManager === 'AWS' ? true : undefined),
    }),
  };
}

export const TYPE_MAPPINGS: Readonly<Record<string, TypeMapping>> = {
  'AWS::S3::Bucket': { type: 'aws:s3/bucket:Bucket', map: mapBucket },
  'AWS::S3::AccountPublicAccessBlock': {
    type: 'aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock',
    tags: false,
    map: mapAccountPublicAccessBlock,
  },
  'AWS::EC2::SecurityGroup': { type: 'aws:ec2/securityGroup:SecurityGroup', map: mapSecurityGroup },
  'AWS::EC2::Instance': { type: 'aws:ec2/instance:Instance', map: mapInstance },
  'AWS::EC2::LaunchTemplate': { type: 'aws:ec2/launchTemplate:LaunchTemplate', map: mapLaunchTemplate },
  'AWS::EC2::Volume': { type: 'aws:ebs/volume:Volume', map: renamed(VOLUME_FIELDS) },
  'AWS::EC2::VPC': { type: 'aws:ec2/vpc:Vpc', map: renamed(VPC_FIELDS) },
  'AWS::EC2::Subnet': { type: 'aws:ec2/subnet:Subnet', map: renamed(SUBNET_FIELDS) },
  // Config's resourceId for a DB instance is the dbi resource id; Pulumi imports by identifier (the resourceName).
  'AWS::RDS::DBInstance': { type: 'aws:rds/instance:Instance', importId: 'resourceName', map: mapDbInstance },
  'AWS::IAM::Policy': { type: 'aws:iam/policy:Policy', importId: 'arn', map: mapPolicy },
  'AWS::IAM::Role': { type: 'aws:iam/role:Role', importId: 'resourceName', map: mapRole },
  'AWS::IAM::User': { type: 'aws:iam/user:User', importId: 'resourceName', map: mapUser },
  'AWS::IAM::Group': { type: 'aws:iam/group:Group', importId: 'resourceName', tags: false, map: mapGroup },
  'AWS::CloudTrail::Trail': { type: 'aws:cloudtrail/trail:Trail', importId: 'arn', map: renamed(TRAIL_FIELDS) },
  'AWS::KMS::Key': { type: 'aws:kms/key:Key', map: mapKey },
};

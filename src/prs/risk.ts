/**
 * Which changes are risky enough that `balanced` approval makes their PR a draft awaiting a
 * person: identity and access (IAM), network exposure, and anything that replaces a resource
 * (a changed property the provider cannot update in place). The tables are data, kept here so a
 * reviewer sees exactly what counts.
 */

export type RiskClass = 'iam' | 'network' | 'replacement';

export interface Risk {
  class: RiskClass;
  reason: string;
}

/** Type-token prefixes whose resources grant or scope access. */
const IAM_TYPES = ['aws:iam/', 'aws:kms/keyPolicy', 'aws:s3/bucketPolicy', 'aws:organizations/', 'gcp:projects/iam', 'gcp:serviceaccount/', 'azure-native:authorization', 'kubernetes:rbac.authorization.k8s.io'];

/** Type tokens that define what the network lets in or out. */
const NETWORK_TYPES = [
  'aws:ec2/securityGroup', 'aws:ec2/defaultSecurityGroup', 'aws:vpc/securityGroupIngressRule', 'aws:vpc/securityGroupEgressRule',
  'aws:ec2/networkAcl', 'aws:ec2/defaultNetworkAcl', 'aws:ec2/route', 'aws:ec2/internetGateway', 'aws:ec2/subnet', 'aws:ec2/vpc:',
  'aws:lb/', 'aws:alb/', 'aws:elb/', 'aws:apigateway/', 'aws:cloudfront/', 'gcp:compute/firewall', 'azure-native:network', 'kubernetes:networking.k8s.io',
];

/** Properties that expose a resource to a network wherever they appear. */
const NETWORK_PROPS = new Set([
  'publiclyAccessible', 'cidrBlocks', 'ipv6CidrBlocks', 'cidrIpv4', 'cidrIpv6', 'ingress', 'egress', 'endpointPublicAccess',
  'publicAccessCidrs', 'mapPublicIpOnLaunch', 'associatePublicIpAddress', 'sourceRanges', 'blockPublicAcls', 'blockPublicPolicy',
  'ignorePublicAcls', 'restrictPublicBuckets', 'acl',
]);

/**
 * Properties whose change makes the AWS provider replace the resource (ForceNew in its schema).
 * Type token → top-level property names.
 */
const REPLACE_ON_CHANGE: Record<string, string[]> = {
  'aws:rds/instance:Instance': ['storageEncrypted', 'kmsKeyId', 'engine', 'identifier', 'availabilityZone', 'dbSubnetGroupName', 'characterSetName', 'timezone'],
  'aws:rds/cluster:Cluster': ['storageEncrypted', 'kmsKeyId', 'engine', 'clusterIdentifier', 'availabilityZones', 'databaseName'],
  'aws:ebs/volume:Volume': ['encrypted', 'kmsKeyId', 'availabilityZone', 'snapshotId'],
  'aws:efs/fileSystem:FileSystem': ['encrypted', 'kmsKeyId', 'performanceMode', 'creationToken'],
  'aws:ec2/instance:Instance': ['ami', 'subnetId', 'availabilityZone', 'keyName', 'privateIp', 'rootBlockDevice', 'ebsBlockDevices'],
  'aws:elasticache/replicationGroup:ReplicationGroup': ['atRestEncryptionEnabled', 'kmsKeyId', 'replicationGroupId', 'subnetGroupName'],
  'aws:kms/key:Key': ['customerMasterKeySpec', 'keyUsage', 'multiRegion'],
  'aws:s3/bucket:Bucket': ['bucket', 'bucketPrefix'],
  'aws:s3/bucketV2:BucketV2': ['bucket', 'bucketPrefix'],
  'aws:dynamodb/table:Table': ['name', 'hashKey', 'rangeKey'],
  'aws:eks/cluster:Cluster': ['name', 'roleArn'],
  'aws:cloudtrail/trail:Trail': ['name'],
  'aws:sqs/queue:Queue': ['name', 'fifoQueue'],
  'aws:ecr/repository:Repository': ['name'],
};

function typeOfUrn(urn: string): string {
  return urn.split('::').at(-2)?.split('$').at(-1) ?? '';
}

function matches(type: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => type.startsWith(prefix));
}

/**
 * Classifies a batch from its rule id, the resource types of its violations, and the property
 * diff its fixes verified. Every reason found is returned (empty: not risky).
 */
export function classifyRisk(input: { policyId: string; resourceTypes: string[]; propertyDiff: Record<string, Record<string, [unknown, unknown]>> }): Risk[] {
  const risks: Risk[] = [];
  const types = new Set([...input.resourceTypes, ...Object.keys(input.propertyDiff).map(typeOfUrn)]);
  const iam = [...types].find((t) => matches(t, IAM_TYPES));
  if (iam || /(^|-)iam(-|$)/.test(input.policyId)) risks.push({ class: 'iam', reason: `IAM change (${iam ?? input.policyId})` });
  const networkType = [...types].find((t) => matches(t, NETWORK_TYPES));
  const networkProp = Object.values(input.propertyDiff).flatMap((changes) => Object.keys(changes)).find((path) => NETWORK_PROPS.has(path.split(/[.[]/)[0]));
  if (networkType || networkProp) risks.push({ class: 'network', reason: `network exposure change (${networkProp ?? networkType})` });
  for (const [urn, changes] of Object.entries(input.propertyDiff)) {
    const forceNew = REPLACE_ON_CHANGE[typeOfUrn(urn)] ?? [];
    const replaced = Object.keys(changes).find((path) => forceNew.includes(path.split(/[.[]/)[0]));
    if (replaced) {
      risks.push({ class: 'replacement', reason: `replaces ${urn.split('::').at(-1)} (${replaced} cannot change in place)` });
      break;
    }
  }
  return risks;
}

/**
 * EC2 types. Config records the EC2 API's Describe* shapes (`ipPermissions`, `imageId`,
 * `placement`); Pulumi's inputs name the same things differently (`ingress`, `ami`,
 * `availabilityZone`). Launch templates are the exception: Config records them in
 * CloudFormation's PascalCase shape, which camel-cases into Pulumi's names.
 */
import type { Mapped } from './mapping.ts';
import type { ConfigItem } from './item.ts';
import { arnName, camelKeys, compact, isRecord, list, record, rename, str } from './values.ts';

function strings(entries: unknown[], field: string): string[] {
  const out: string[] = [];
  for (const entry of entries) {
    const value = typeof entry === 'string' ? entry : isRecord(entry) ? entry[field] : undefined;
    if (typeof value === 'string' && value !== '' && !out.includes(value)) out.push(value);
  }
  return out;
}

/**
 * One `ipPermissions` entry as an inline `ingress`/`egress` rule. `ipRanges` (plain CIDR strings)
 * is the older spelling of `ipv4Ranges`; both appear, often together, so they are merged.
 * All-traffic rules (`-1`) have no ports in Config but `0`/`0` in Pulumi.
 */
function securityGroupRule(entry: unknown): Record<string, unknown> | undefined {
  const permission = record(entry);
  if (!permission) return undefined;
  const protocol = permission.ipProtocol === undefined ? undefined : String(permission.ipProtocol);
  const allTraffic = protocol === '-1';
  const v4 = list(permission.ipv4Ranges);
  const descriptions = [...v4, ...list(permission.ipv6Ranges)].map((range) => (isRecord(range) ? str(range.description) : undefined));
  return compact({
    protocol,
    fromPort: permission.fromPort ?? (allTraffic ? 0 : undefined),
    toPort: permission.toPort ?? (allTraffic ? 0 : undefined),
    cidrBlocks: strings([...v4, ...list(permission.ipRanges)], 'cidrIp'),
    ipv6CidrBlocks: strings(list(permission.ipv6Ranges), 'cidrIpv6'),
    prefixListIds: strings(list(permission.prefixListIds), 'prefixListId'),
    securityGroups: strings(list(permission.userIdGroupPairs), 'groupId'),
    description: descriptions.find((description) => description !== undefined),
  });
}

function rules(value: unknown): Record<string, unknown>[] {
  return list(value).flatMap((entry): Record<string, unknown>[] => {
    const rule = securityGroupRule(entry);
    return rule ? [rule] : [];
  });
}

export function mapSecurityGroup(item: ConfigItem): Mapped {
  const config = item.configuration;
  return {
    props: compact({
      name: config.groupName,
      description: config.description,
      vpcId: config.vpcId,
      ingress: rules(config.ipPermissions),
      egress: rules(config.ipPermissionsEgress),
    }),
  };
}

const METADATA_OPTIONS = {
  httpEndpoint: 'httpEndpoint',
  httpTokens: 'httpTokens',
  httpPutResponseHopLimit: 'httpPutResponseHopLimit',
  httpProtocolIpv6: 'httpProtocolIpv6',
  instanceMetadataTags: 'instanceMetadataTags',
} as const;

const INSTANCE_FIELDS = {
  imageId: 'ami',
  instanceType: 'instanceType',
  subnetId: 'subnetId',
  keyName: 'keyName',
  ebsOptimized: 'ebsOptimized',
  sourceDestCheck: 'sourceDestCheck',
  privateIpAddress: 'privateIp',
  outpostArn: 'outpostArn',
} as const;

export function mapInstance(item: ConfigItem): Mapped {
  const config = item.configuration;
  const placement = record(config.placement) ?? {};
  const metadata = record(config.metadataOptions);
  const cpu = record(config.cpuOptions);
  const monitoring = str(record(config.monitoring)?.state);
  const enclave = record(config.enclaveOptions);
  return {
    props: compact({
      ...rename(config, INSTANCE_FIELDS),
      availabilityZone: placement.availabilityZone,
      tenancy: placement.tenancy,
      placementGroup: placement.groupName,
      // Pulumi takes the instance profile's name; Config records its ARN.
      iamInstanceProfile: arnName(record(config.iamInstanceProfile)?.arn),
      vpcSecurityGroupIds: strings(list(config.securityGroups), 'groupId'),
      monitoring: monitoring === undefined ? undefined : monitoring === 'enabled',
      // `state` (pending/applied) is the API's progress report, not a setting.
      metadataOptions: metadata ? rename(metadata, METADATA_OPTIONS) : undefined,
      cpuOptions: cpu ? rename(cpu, { coreCount: 'coreCount', threadsPerCore: 'threadsPerCore' }) : undefined,
      hibernation: record(config.hibernationOptions)?.configured,
      enclaveOptions: enclave ? rename(enclave, { enabled: 'enabled' }) : undefined,
    }),
  };
}

export function mapLaunchTemplate(item: ConfigItem): Mapped {
  const config = item.configuration;
  const data = (camelKeys(config.LaunchTemplateData) as Record<string, unknown> | undefined) ?? {};
  const { securityGroupIds, metadataOptions, ...rest } = data;
  const metadata = record(metadataOptions);
  return {
    props: compact({
      name: config.LaunchTemplateName ?? item.resourceName,
      ...rest,
      vpcSecurityGroupIds: securityGroupIds,
      metadataOptions: metadata ? rename(metadata, METADATA_OPTIONS) : undefined,
    }),
  };
}

export const VOLUME_FIELDS = {
  availabilityZone: 'availabilityZone',
  encrypted: 'encrypted',
  kmsKeyId: 'kmsKeyId',
  size: 'size',
  snapshotId: 'snapshotId',
  volumeType: 'type',
  iops: 'iops',
  throughput: 'throughput',
  multiAttachEnabled: 'multiAttachEnabled',
  outpostArn: 'outpostArn',
} as const;

export const VPC_FIELDS = {
  cidrBlock: 'cidrBlock',
  instanceTenancy: 'instanceTenancy',
} as const;

export const SUBNET_FIELDS = {
  vpcId: 'vpcId',
  cidrBlock: 'cidrBlock',
  availabilityZone: 'availabilityZone',
  mapPublicIpOnLaunch: 'mapPublicIpOnLaunch',
  assignIpv6AddressOnCreation: 'assignIpv6AddressOnCreation',
} as const;

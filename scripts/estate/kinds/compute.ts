/** EBS volumes (misconfigured: unencrypted) and EC2 instances (misconfigured: IMDSv1 allowed). */
import { made, tagsFor, type UnitKind } from '../model.ts';

export const VOLUME = 'aws:ebs/volume:Volume';
export const INSTANCE = 'aws:ec2/instance:Instance';

const VOLUME_PURPOSES = ['data', 'scratch', 'logs', 'cache', 'index', 'spool'];
const INSTANCE_PURPOSES = ['api', 'worker', 'bastion', 'batch', 'cron', 'proxy', 'ingest'];
const AMIS = ['ami-0c7217cdde317cfec', 'ami-0b5eea76982371e91', 'ami-04b70fa74e45c3917', 'ami-0fc5d935ebf8bc3bc'];

export const ebsVolume: UnitKind = {
  id: 'ebs-volume',
  weight: 10,
  goodSize: 1,
  badSize: 1,
  badViolating: 1,
  maxSize: 1,
  build(ctx, { service, n, violate }) {
    const { rng, region, account } = ctx;
    const id = `vol-${rng.hex(17)}`;
    const size = rng.pick([20, 50, 100, 200, 500]);
    const inputs: Record<string, unknown> = {
      availabilityZone: rng.pick(ctx.shared.azs),
      encrypted: !violate,
      size,
      tags: tagsFor(ctx),
      type: 'gp3',
    };
    if (!violate) inputs.kmsKeyId = ctx.shared.kmsKeyArn;
    return [
      made(
        VOLUME,
        `${service}-${rng.pick(VOLUME_PURPOSES)}-vol-${n}`,
        id,
        inputs,
        {
          arn: `arn:aws:ec2:${region}:${account}:volume/${id}`,
          finalSnapshot: false,
          iops: 3000,
          kmsKeyId: violate ? '' : ctx.shared.kmsKeyArn,
          multiAttachEnabled: false,
          outpostArn: '',
          region,
          snapshotId: '',
          throughput: 125,
        },
        violate,
      ),
    ];
  },
};

export const ec2Instance: UnitKind = {
  id: 'ec2-instance',
  weight: 8,
  goodSize: 1,
  badSize: 1,
  badViolating: 1,
  maxSize: 1,
  build(ctx, { service, n, violate }) {
    const { rng, region, account } = ctx;
    const id = `i-${rng.hex(17)}`;
    const subnetId = rng.pick(ctx.shared.subnetIds);
    const az = rng.pick(ctx.shared.azs);
    const rootEncrypted = !violate || rng.chance(0.5);
    const rootBlockDevice = { encrypted: rootEncrypted, volumeSize: rng.pick([20, 30, 50]), volumeType: 'gp3' };
    const inputs: Record<string, unknown> = {
      ami: rng.pick(AMIS),
      iamInstanceProfile: ctx.shared.instanceProfile,
      instanceType: rng.pick(['t3.medium', 't3.large', 'm6i.large', 'm6i.xlarge', 'c6i.large']),
      monitoring: true,
      rootBlockDevice,
      subnetId,
      tags: tagsFor(ctx, { Name: `${service}-${n}` }),
      vpcSecurityGroupIds: [`sg-${rng.hex(17)}`],
    };
    // A misconfigured host either never set metadataOptions (AWS defaults to IMDSv1 allowed) or set it to optional.
    const omitMetadata = violate && rng.chance(0.6);
    const httpTokens = violate ? 'optional' : 'required';
    if (!omitMetadata) inputs.metadataOptions = { httpEndpoint: 'enabled', httpPutResponseHopLimit: 1, httpTokens };
    const privateIp = `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(4, 250)}`;
    return [
      made(
        INSTANCE,
        `${service}-${rng.pick(INSTANCE_PURPOSES)}-${n}`,
        id,
        inputs,
        {
          arn: `arn:aws:ec2:${region}:${account}:instance/${id}`,
          associatePublicIpAddress: false,
          availabilityZone: az,
          ebsOptimized: true,
          instanceState: 'running',
          metadataOptions: { httpEndpoint: 'enabled', httpProtocolIpv6: 'disabled', httpPutResponseHopLimit: omitMetadata ? 2 : 1, httpTokens, instanceMetadataTags: 'disabled' },
          primaryNetworkInterfaceId: `eni-${rng.hex(17)}`,
          privateDns: `ip-${privateIp.replaceAll('.', '-')}.${region}.compute.internal`,
          privateIp,
          region,
          rootBlockDevice: { ...rootBlockDevice, deleteOnTermination: true, deviceName: '/dev/xvda', iops: 3000, kmsKeyId: rootEncrypted ? ctx.shared.kmsKeyArn : '', throughput: 125, volumeId: `vol-${rng.hex(17)}` },
          tenancy: 'default',
        },
        violate,
      ),
    ];
  },
};

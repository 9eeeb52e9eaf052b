/**
 * EC2 in one region: security groups (inline ingress/egress as aws.ec2.SecurityGroup declares
 * them), EBS volumes and instances. The CLI follows pagination itself, so one call per kind.
 */
import { z } from 'zod';
import type { Resource } from '../../resource.ts';
import type { CliRunner } from '../exec.ts';
import { nonEmpty } from '../props.ts';
import { arnOf, awsResource, inRegion, tagList, tagsOf, type AwsAccount } from './resource.ts';

const described = z.string().nullish();
const ipPermission = z.object({
  IpProtocol: z.string(),
  FromPort: z.number().nullish(),
  ToPort: z.number().nullish(),
  IpRanges: z.array(z.object({ CidrIp: z.string(), Description: described })).nullish(),
  Ipv6Ranges: z.array(z.object({ CidrIpv6: z.string(), Description: described })).nullish(),
  PrefixListIds: z.array(z.object({ PrefixListId: z.string(), Description: described })).nullish(),
  UserIdGroupPairs: z.array(z.object({ GroupId: z.string().nullish(), UserId: z.string().nullish(), Description: described })).nullish(),
});

const securityGroups = z.object({
  SecurityGroups: z.array(
    z.object({
      GroupId: z.string(),
      GroupName: z.string(),
      Description: z.string().nullish(),
      VpcId: z.string().nullish(),
      OwnerId: z.string().nullish(),
      SecurityGroupArn: z.string().nullish(),
      IpPermissions: z.array(ipPermission).nullish(),
      IpPermissionsEgress: z.array(ipPermission).nullish(),
      Tags: tagList,
    }),
  ),
});

const volumes = z.object({
  Volumes: z.array(
    z.object({
      VolumeId: z.string(),
      AvailabilityZone: z.string(),
      Size: z.number().nullish(),
      VolumeType: z.string().nullish(),
      Iops: z.number().nullish(),
      Throughput: z.number().nullish(),
      Encrypted: z.boolean().nullish(),
      KmsKeyId: z.string().nullish(),
      SnapshotId: z.string().nullish(),
      MultiAttachEnabled: z.boolean().nullish(),
      OutpostArn: z.string().nullish(),
      Tags: tagList,
    }),
  ),
});

const instances = z.object({
  Reservations: z.array(
    z.object({
      Instances: z.array(
        z.object({
          InstanceId: z.string(),
          ImageId: z.string().nullish(),
          InstanceType: z.string().nullish(),
          SubnetId: z.string().nullish(),
          KeyName: z.string().nullish(),
          EbsOptimized: z.boolean().nullish(),
          State: z.object({ Name: z.string() }).nullish(),
          Monitoring: z.object({ State: z.string().nullish() }).nullish(),
          Placement: z.object({ AvailabilityZone: z.string().nullish(), Tenancy: z.string().nullish() }).nullish(),
          SecurityGroups: z.array(z.object({ GroupId: z.string().nullish() })).nullish(),
          IamInstanceProfile: z.object({ Arn: z.string().nullish() }).nullish(),
          MetadataOptions: z
            .object({
              HttpTokens: z.string().nullish(),
              HttpEndpoint: z.string().nullish(),
              HttpPutResponseHopLimit: z.number().nullish(),
              HttpProtocolIpv6: z.string().nullish(),
              InstanceMetadataTags: z.string().nullish(),
            })
            .nullish(),
          Tags: tagList,
        }),
      ),
    }),
  ),
});

type IpPermission = z.infer<typeof ipPermission>;

/** One AWS permission as one Pulumi inline rule; a rule naming its own group is `self: true`, as Pulumi writes it. */
function toRule(permission: IpPermission, ownGroup: string): Record<string, unknown> {
  const pairs = permission.UserIdGroupPairs ?? [];
  const descriptions = [
    ...(permission.IpRanges ?? []),
    ...(permission.Ipv6Ranges ?? []),
    ...(permission.PrefixListIds ?? []),
    ...pairs,
  ].map((entry) => entry.Description).filter((d): d is string => typeof d === 'string' && d !== '');
  const groups = pairs.map((pair) => pair.GroupId).filter((id): id is string => typeof id === 'string' && id !== ownGroup);
  return {
    protocol: permission.IpProtocol,
    // AWS omits ports for "all traffic" (-1); Pulumi declares them as 0.
    fromPort: permission.FromPort ?? 0,
    toPort: permission.ToPort ?? 0,
    cidrBlocks: nonEmpty((permission.IpRanges ?? []).map((range) => range.CidrIp)),
    ipv6CidrBlocks: nonEmpty((permission.Ipv6Ranges ?? []).map((range) => range.CidrIpv6)),
    prefixListIds: nonEmpty((permission.PrefixListIds ?? []).map((list) => list.PrefixListId)),
    securityGroups: nonEmpty(groups),
    self: pairs.some((pair) => pair.GroupId === ownGroup) ? true : undefined,
    description: descriptions[0],
  };
}

export async function collectSecurityGroups(runner: CliRunner, account: AwsAccount, region: string): Promise<Resource[]> {
  const answer = await runner.json(inRegion(region, ['ec2', 'describe-security-groups']), securityGroups);
  return answer.SecurityGroups.map((group) =>
    awsResource(account, {
      id: group.SecurityGroupArn ?? arnOf(account, 'ec2', region, `security-group/${group.GroupId}`),
      type: 'aws:ec2/securityGroup:SecurityGroup',
      nativeType: 'AWS::EC2::SecurityGroup',
      name: group.GroupName,
      region,
      nativeId: group.GroupId,
      props: {
        name: group.GroupName,
        description: group.Description,
        vpcId: group.VpcId,
        ingress: (group.IpPermissions ?? []).map((permission) => toRule(permission, group.GroupId)),
        egress: (group.IpPermissionsEgress ?? []).map((permission) => toRule(permission, group.GroupId)),
      },
      tags: tagsOf(group.Tags),
    }),
  );
}

export async function collectVolumes(runner: CliRunner, account: AwsAccount, region: string): Promise<Resource[]> {
  const answer = await runner.json(inRegion(region, ['ec2', 'describe-volumes']), volumes);
  return answer.Volumes.map((volume) => {
    const tags = tagsOf(volume.Tags);
    return awsResource(account, {
      id: arnOf(account, 'ec2', region, `volume/${volume.VolumeId}`),
      type: 'aws:ebs/volume:Volume',
      nativeType: 'AWS::EC2::Volume',
      name: tags.Name || volume.VolumeId,
      region,
      nativeId: volume.VolumeId,
      props: {
        availabilityZone: volume.AvailabilityZone,
        size: volume.Size,
        type: volume.VolumeType,
        iops: volume.Iops,
        throughput: volume.Throughput,
        encrypted: volume.Encrypted ?? false,
        kmsKeyId: volume.KmsKeyId,
        // AWS prints "" for a volume not created from a snapshot.
        snapshotId: volume.SnapshotId || undefined,
        multiAttachEnabled: volume.MultiAttachEnabled,
        outpostArn: volume.OutpostArn,
      },
      tags,
    });
  });
}

/** Terminated instances linger in the API for about an hour; they are gone, not violations. */
const GONE = new Set(['terminated', 'shutting-down']);

export async function collectInstances(runner: CliRunner, account: AwsAccount, region: string): Promise<Resource[]> {
  const answer = await runner.json(inRegion(region, ['ec2', 'describe-instances']), instances);
  const found: Resource[] = [];
  for (const instance of answer.Reservations.flatMap((reservation) => reservation.Instances)) {
    if (instance.State && GONE.has(instance.State.Name)) continue;
    const tags = tagsOf(instance.Tags);
    const metadata = instance.MetadataOptions;
    found.push(
      awsResource(account, {
        id: arnOf(account, 'ec2', region, `instance/${instance.InstanceId}`),
        type: 'aws:ec2/instance:Instance',
        nativeType: 'AWS::EC2::Instance',
        name: tags.Name || instance.InstanceId,
        region,
        nativeId: instance.InstanceId,
        props: {
          ami: instance.ImageId,
          instanceType: instance.InstanceType,
          availabilityZone: instance.Placement?.AvailabilityZone,
          tenancy: instance.Placement?.Tenancy,
          subnetId: instance.SubnetId,
          vpcSecurityGroupIds: instance.SecurityGroups?.map((group) => group.GroupId),
          keyName: instance.KeyName,
          // Pulumi takes the profile's name; AWS reports its ARN (`...:instance-profile/<path>/<name>`).
          iamInstanceProfile: instance.IamInstanceProfile?.Arn?.split('/').pop(),
          ebsOptimized: instance.EbsOptimized,
          monitoring: instance.Monitoring?.State ? instance.Monitoring.State === 'enabled' : undefined,
          metadataOptions: metadata
            ? {
                httpTokens: metadata.HttpTokens,
                httpEndpoint: metadata.HttpEndpoint,
                httpPutResponseHopLimit: metadata.HttpPutResponseHopLimit,
                httpProtocolIpv6: metadata.HttpProtocolIpv6,
                instanceMetadataTags: metadata.InstanceMetadataTags,
              }
            : undefined,
        },
        tags,
      }),
    );
  }
  return found;
}

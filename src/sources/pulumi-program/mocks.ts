/**
 * The mocks an offline run answers with. Resources get id `<name>-id` and echo their inputs, so
 * references between resources resolve to predictable strings; AWS resources also get an `arn`,
 * because programs commonly wire `x.arn` into policies. A handful of AWS invokes that nearly every
 * program calls return plausible data; any other invoke returns `{}`.
 */
export const MOCK_ACCOUNT = '123456789012';
export const DEFAULT_MOCK_REGION = 'us-east-1';

/** The subset of @pulumi/pulumi's `Mocks` this module implements (typed locally: see wire.ts). */
export interface MockResourceArgs {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  custom?: boolean;
  id?: string;
}

export interface MockCallArgs {
  token: string;
  inputs: Record<string, unknown>;
}

export interface OfflineMocks {
  newResource(args: MockResourceArgs): { id: string | undefined; state: Record<string, unknown> };
  call(args: MockCallArgs): Record<string, unknown>;
}

/** `arn:aws:<service>:<region>:<account>:<name>`; S3 and IAM are global and leave fields empty, as AWS does. */
export function mockArn(type: string, name: string, region: string): string | undefined {
  if (!type.startsWith('aws:')) return undefined;
  const slash = type.indexOf('/');
  const service = slash < 0 ? 'aws' : type.slice('aws:'.length, slash);
  const kind = type.slice(type.lastIndexOf(':') + 1).toLowerCase();
  if (service === 's3') return `arn:aws:s3:::${name}`;
  if (service === 'iam') return `arn:aws:iam::${MOCK_ACCOUNT}:${kind}/${name}`;
  return `arn:aws:${service}:${region}:${MOCK_ACCOUNT}:${kind}/${name}`;
}

export function createOfflineMocks(region: string): OfflineMocks {
  const invokes: Record<string, () => Record<string, unknown>> = {
    'aws:index/getCallerIdentity:getCallerIdentity': () => ({
      id: MOCK_ACCOUNT,
      accountId: MOCK_ACCOUNT,
      arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/sweep-offline`,
      userId: 'AIDAOFFLINEPREVIEW0000',
    }),
    'aws:index/getRegion:getRegion': () => ({
      id: region,
      name: region,
      region,
      endpoint: `ec2.${region}.amazonaws.com`,
      description: region,
    }),
    'aws:index/getPartition:getPartition': () => ({
      id: 'aws',
      partition: 'aws',
      dnsSuffix: 'amazonaws.com',
      reverseDnsPrefix: 'com.amazonaws',
    }),
    'aws:index/getAvailabilityZones:getAvailabilityZones': () => ({
      id: region,
      names: ['a', 'b', 'c'].map((zone) => `${region}${zone}`),
      zoneIds: ['az1', 'az2', 'az3'].map((zone) => `use1-${zone}`),
    }),
  };
  return {
    newResource(args) {
      const state: Record<string, unknown> = { ...args.inputs };
      if (args.custom !== false) {
        const arn = mockArn(args.type, args.name, region);
        if (arn && state.arn === undefined) state.arn = arn;
        // Bucket names are the most-referenced computed output; echo the resource name like a physical name.
        if (args.type === 'aws:s3/bucket:Bucket' || args.type === 'aws:s3/bucketV2:BucketV2') state.bucket ??= args.name;
      }
      return { id: args.custom === false ? undefined : args.id || `${args.name}-id`, state };
    },
    call(args) {
      return invokes[args.token]?.() ?? {};
    },
  };
}

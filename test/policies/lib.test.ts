/** The shared readers rules lean on: the bucket/companion join, IAM documents, admin-port exposure. */
import type { PolicyResource } from '@pulumi/policy';
import { describe, expect, it } from 'vitest';
import { ingressRuleExposure, restrictSecurityGroup, securityGroupExposures, SSH, RDP } from '../../policies/lib/admin-port.ts';
import { fullAdminStatement, policyDocument } from '../../policies/lib/iam.ts';
import { companionsOf, indexCompanions } from '../../policies/lib/s3.ts';
import { count, flag, record } from '../../policies/lib/values.ts';

const BUCKET = 'aws:s3/bucket:Bucket';
const VERSIONING = 'aws:s3/bucketVersioning:BucketVersioning';

function resource(type: string, name: string, props: Record<string, unknown>, extra: Partial<PolicyResource> = {}): PolicyResource {
  return {
    type,
    name,
    props,
    urn: `urn:pulumi:dev::shop::${type}::${name}`,
    opts: {} as PolicyResource['opts'],
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
    ...extra,
  } as PolicyResource;
}

describe('bucket companions', () => {
  const types = new Set([VERSIONING]);

  it.each([
    ['physical name (state files)', { bucket: 'acme-data' }, 'acme-data'],
    ['ARN', { bucket: 'acme-data' }, 'arn:aws:s3:::acme-data'],
    ['mock id from the logical name', {}, 'data_id'],
    ['logical name', {}, 'data'],
  ])('joins a companion that names the bucket by its %s', (_how, bucketProps, ref) => {
    const bucket = resource(BUCKET, 'data', bucketProps);
    const companion = resource(VERSIONING, 'v', { bucket: ref });
    expect(companionsOf(bucket, indexCompanions([bucket, companion], types))).toEqual([companion]);
  });

  it('prefers the dependency the Pulumi engine reports over the name', () => {
    const bucket = resource(BUCKET, 'data', { bucket: 'acme-data' });
    const other = resource(BUCKET, 'other', { bucket: 'acme-other' });
    const companion = resource(VERSIONING, 'v', { bucket: 'acme-other' }, { propertyDependencies: { bucket: [bucket] } });
    const index = indexCompanions([bucket, other, companion], types);
    expect(companionsOf(bucket, index)).toEqual([companion]);
    expect(companionsOf(other, index)).toEqual([]);
  });

  it('does not join companions of other buckets', () => {
    const bucket = resource(BUCKET, 'data', { bucket: 'acme-data' });
    const companion = resource(VERSIONING, 'v', { bucket: 'acme-data-archive' });
    expect(companionsOf(bucket, indexCompanions([bucket, companion], types))).toEqual([]);
  });
});

describe('IAM documents', () => {
  it('reads JSON strings and objects, and ignores secrets and garbage', () => {
    expect(policyDocument('{"Statement":[]}')).toEqual({ Statement: [] });
    expect(policyDocument({ Statement: [] })).toEqual({ Statement: [] });
    expect(policyDocument('[secret]')).toBeUndefined();
    expect(policyDocument('{not json')).toBeUndefined();
  });

  it('finds Allow * on * in any spelling, and only that', () => {
    const admin = (statement: unknown) => fullAdminStatement({ Statement: statement });
    expect(admin({ Effect: 'Allow', Action: '*', Resource: '*' })).toBeDefined();
    expect(admin([{ Effect: 'Allow', Action: ['*:*'], Resource: ['arn:aws:s3:::x', '*'] }])).toBeDefined();
    expect(admin({ Effect: 'Deny', Action: '*', Resource: '*' })).toBeUndefined();
    expect(admin({ Effect: 'Allow', Action: 's3:*', Resource: '*' })).toBeUndefined();
    expect(admin({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::x' })).toBeUndefined();
  });
});

describe('admin ports', () => {
  it('counts a port range that contains the port, but not other protocols', () => {
    const open = (rule: Record<string, unknown>) => securityGroupExposures({ ingress: [{ cidrBlocks: ['0.0.0.0/0'], ...rule }] }, SSH);
    expect(open({ protocol: 'tcp', fromPort: 0, toPort: 1024 })).toHaveLength(1);
    expect(open({ protocol: '6', fromPort: 22, toPort: 22 })).toHaveLength(1);
    expect(open({ protocol: 'udp', fromPort: 22, toPort: 22 })).toHaveLength(0);
    expect(open({ protocol: 'tcp', fromPort: 23, toPort: 80 })).toHaveLength(0);
    expect(ingressRuleExposure({ ipProtocol: 'udp', fromPort: 3389, toPort: 3389, cidrIpv4: '0.0.0.0/0' }, RDP)).toBeDefined();
  });

  it('keeps other sources on the rule it narrows and leaves other rules alone', () => {
    const fixed = restrictSecurityGroup(
      {
        ingress: [
          { protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0', '192.168.0.0/16'], ipv6CidrBlocks: ['::/0'] },
          { protocol: 'tcp', fromPort: 80, toPort: 80, cidrBlocks: ['0.0.0.0/0'] },
        ],
        description: 'bastion',
      },
      SSH,
      '10.0.0.0/8',
    );
    expect(fixed).toEqual({
      ingress: [
        { protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['192.168.0.0/16', '10.0.0.0/8'] },
        { protocol: 'tcp', fromPort: 80, toPort: 80, cidrBlocks: ['0.0.0.0/0'] },
      ],
      description: 'bastion',
    });
  });
});

describe('value readers', () => {
  it('read booleans and numbers as sources spell them and treat the rest as unknown', () => {
    expect([flag(true), flag('false'), flag('[secret]'), flag(undefined)]).toEqual([true, false, undefined, undefined]);
    expect([count(7), count('14'), count('[secret]'), count('')]).toEqual([7, 14, undefined, undefined]);
    expect(record([{ httpTokens: 'required' }])).toEqual({ httpTokens: 'required' });
  });
});

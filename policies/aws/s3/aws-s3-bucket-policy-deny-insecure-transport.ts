/**
 * Every bucket's policy denies requests that do not use TLS (CIS AWS 2.1.1): a statement with
 * Effect Deny for every principal and s3:* (or *), conditioned on aws:SecureTransport being false.
 * The policy is a companion aws.s3.BucketPolicy (or the deprecated inline `policy` of a bucket), so
 * this is a stack rule; adding the statement to the right document is a template.
 */
import * as aws from '@pulumi/aws';
import type { PolicyResource } from '@pulumi/policy';
import { controls } from '../../lib/controls.ts';
import { policyDocument, statements } from '../../lib/iam.ts';
import { BUCKET_TYPES, bucketLabel, companionsOf, indexCompanions, isBucket } from '../../lib/s3.ts';
import { isSecret, pulumiTypes, record } from '../../lib/values.ts';
import { stackRule } from '../../rule.ts';

const POLICY_TYPES = pulumiTypes(aws.s3.BucketPolicy);

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function everyone(principal: unknown): boolean {
  if (principal === '*') return true;
  return strings(record(principal)?.AWS).includes('*');
}

/** `{ Bool: { "aws:SecureTransport": "false" } }`, in any spelling of the key's case or the value's type. */
function insecureOnly(condition: unknown): boolean {
  const bool = record(record(condition)?.Bool);
  if (bool === undefined) return false;
  return Object.entries(bool).some(([key, value]) => key.toLowerCase() === 'aws:securetransport' && [value].flat().some((v) => v === false || v === 'false'));
}

/** True when the document denies non-TLS requests; undefined when the policy cannot be read. */
function deniesInsecure(policy: unknown): boolean | undefined {
  if (isSecret(policy)) return undefined;
  const document = policyDocument(policy);
  if (document === undefined) return policy === undefined ? false : undefined;
  return statements(document).some((statement) => {
    const effect = typeof statement.Effect === 'string' ? statement.Effect.toLowerCase() : '';
    const actions = strings(statement.Action);
    return effect === 'deny' && everyone(statement.Principal) && actions.some((action) => action === 's3:*' || action === '*') && insecureOnly(statement.Condition);
  });
}

function problem(bucket: PolicyResource, policies: PolicyResource[]): string | undefined {
  const documents = [...(bucket.props.policy === undefined ? [] : [bucket.props.policy]), ...policies.map((policy) => policy.props.policy)];
  if (documents.length === 0) return 'no BucketPolicy references it';
  const verdicts = documents.map(deniesInsecure);
  if (verdicts.some((verdict) => verdict !== false)) return undefined;
  return 'its bucket policy has no Deny statement for aws:SecureTransport "false"';
}

export const awsS3BucketPolicyDenyInsecureTransport = stackRule({
  id: 'aws-s3-bucket-policy-deny-insecure-transport',
  title: 'S3 bucket policies deny requests over plain HTTP',
  severity: 'medium',
  rationale:
    'S3 accepts plain-HTTP requests unless the bucket policy refuses them. Objects, and the signed requests that fetch them, then cross the network unencrypted, where they can be read or replayed.',
  remediation:
    'Add to the bucket\'s aws.s3.BucketPolicy a statement { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucket ARN, bucket ARN + "/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }.',
  controls: controls({
    'cis-aws': ['2.1.1'],
    'nist-800-53': ['SC-8', 'SC-8(1)'],
    'pci-dss': ['4.2.1'],
    hitrust: ['09.s'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.7'],
  }),
  resourceTypes: [...BUCKET_TYPES, ...POLICY_TYPES],
  template: 's3-bucket-policy-deny-http',
  validate(args, report) {
    const index = indexCompanions(args.resources, POLICY_TYPES);
    for (const bucket of args.resources) {
      if (!isBucket(bucket)) continue;
      const why = problem(bucket, companionsOf(bucket, index));
      if (why) report(`S3 bucket "${bucketLabel(bucket)}" accepts plain-HTTP requests: ${why}`, bucket.urn);
    }
  },
  examples: {
    pass: [
      [
        { type: 'aws:s3/bucket:Bucket', name: 'data', props: { bucket: 'acme-data' } },
        {
          type: 'aws:s3/bucketPolicy:BucketPolicy',
          name: 'data-policy',
          props: {
            bucket: 'acme-data',
            policy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'DenyInsecureTransport',
                  Effect: 'Deny',
                  Principal: '*',
                  Action: 's3:*',
                  Resource: ['arn:aws:s3:::acme-data', 'arn:aws:s3:::acme-data/*'],
                  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
                },
              ],
            }),
          },
        },
      ],
    ],
    fail: [
      [{ type: 'aws:s3/bucket:Bucket', name: 'data', props: { bucket: 'acme-data' } }],
      [
        { type: 'aws:s3/bucket:Bucket', name: 'data', props: { bucket: 'acme-data' } },
        {
          type: 'aws:s3/bucketPolicy:BucketPolicy',
          name: 'data-policy',
          props: {
            bucket: 'acme-data',
            policy: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/reader' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-data/*' }],
            },
          },
        },
      ],
    ],
  },
});

/**
 * Every bucket declares default server-side encryption. S3 has applied SSE-S3 to new objects since
 * January 2023, but an estate that does not declare it cannot show which key protects the data or
 * stop a later change from weakening it, which is what auditors of stored data ask for.
 */
import * as aws from '@pulumi/aws';
import type { PolicyResource } from '@pulumi/policy';
import { controls } from '../../lib/controls.ts';
import { BUCKET_TYPES, bucketLabel, companionsOf, indexCompanions, isBucket } from '../../lib/s3.ts';
import { many, present, pulumiTypes, record } from '../../lib/values.ts';
import { stackRule } from '../../rule.ts';

const SSE_TYPES = pulumiTypes(aws.s3.BucketServerSideEncryptionConfiguration, aws.s3.BucketServerSideEncryptionConfigurationV2);

/** A default-encryption rule names an algorithm (a secret-masked one counts: we cannot see it, but it is set). */
function namesAlgorithm(rules: unknown): boolean {
  return many(rules).some((rule) => present(record(record(rule)?.applyServerSideEncryptionByDefault)?.sseAlgorithm));
}

function encrypted(bucket: PolicyResource, companions: PolicyResource[]): boolean {
  // The deprecated inline block still appears in older programs and in state read back from AWS.
  if (namesAlgorithm(record(bucket.props.serverSideEncryptionConfiguration)?.rule)) return true;
  return companions.some((companion) => namesAlgorithm(companion.props.rules));
}

export const awsS3BucketEncryption = stackRule({
  id: 'aws-s3-bucket-encryption',
  title: 'S3 buckets declare default server-side encryption',
  severity: 'medium',
  rationale:
    'Objects at rest must be encrypted with a key the organisation chose and can account for. A bucket without a declared default-encryption configuration relies on an implicit AWS default that the infrastructure code neither records nor protects from change.',
  remediation:
    'Add an aws.s3.BucketServerSideEncryptionConfiguration whose `bucket` is the bucket and whose rule sets applyServerSideEncryptionByDefault.sseAlgorithm to "aws:kms" (with kmsMasterKeyId) or "AES256".',
  controls: controls({
    'nist-800-53': ['SC-28', 'SC-28(1)', 'SC-13'],
    'pci-dss': ['3.5.1'],
    hitrust: ['06.d'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.1'],
  }),
  resourceTypes: [...BUCKET_TYPES, ...SSE_TYPES],
  template: 's3-bucket-encryption',
  validate(args, report) {
    const index = indexCompanions(args.resources, SSE_TYPES);
    for (const bucket of args.resources) {
      if (!isBucket(bucket)) continue;
      const companions = companionsOf(bucket, index);
      if (encrypted(bucket, companions)) continue;
      const why =
        companions.length === 0
          ? 'no BucketServerSideEncryptionConfiguration references it'
          : 'its BucketServerSideEncryptionConfiguration sets no sseAlgorithm';
      report(`S3 bucket "${bucketLabel(bucket)}" has no default server-side encryption: ${why}`, bucket.urn);
    }
  },
  examples: {
    pass: [
      [
        { type: 'aws:s3/bucket:Bucket', name: 'data', props: { bucket: 'acme-data' } },
        {
          type: 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
          name: 'data-sse',
          props: { bucket: 'acme-data', rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' } }] },
        },
      ],
      // Under Pulumi mocks the companion holds the bucket's mock id.
      [
        { type: 'aws:s3/bucket:Bucket', name: 'assets', props: {} },
        {
          type: 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
          name: 'assets-sse',
          props: { bucket: 'assets_id', rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] },
        },
      ],
      [
        {
          type: 'aws:s3/bucket:Bucket',
          name: 'legacy',
          props: { bucket: 'acme-legacy', serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } } } },
        },
      ],
    ],
    fail: [
      [{ type: 'aws:s3/bucket:Bucket', name: 'data', props: { bucket: 'acme-data' } }],
      [
        { type: 'aws:s3/bucket:Bucket', name: 'data', props: { bucket: 'acme-data' } },
        {
          type: 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
          name: 'other-sse',
          props: { bucket: 'acme-other', rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] },
        },
      ],
    ],
  },
});

/**
 * Every bucket is covered by an S3 public access block: its own BucketPublicAccessBlock, or an
 * account-level block in the same stack. This rule checks that the block exists; whether each of
 * its four settings is on is aws-s3-public-access-block-all-enabled, whose fix is a property edit
 * rather than a new resource.
 */
import * as aws from '@pulumi/aws';
import type { PolicyResource } from '@pulumi/policy';
import { controls } from '../../lib/controls.ts';
import { settingsOff } from '../../lib/s3-public-access-block.ts';
import { BUCKET_TYPES, bucketLabel, companionsOf, indexCompanions, isBucket } from '../../lib/s3.ts';
import { pulumiTypes } from '../../lib/values.ts';
import { stackRule } from '../../rule.ts';

const BLOCK_TYPES = pulumiTypes(aws.s3.BucketPublicAccessBlock);
const ACCOUNT_BLOCK_TYPES = pulumiTypes(aws.s3.AccountPublicAccessBlock);

/** An account-level block covers every bucket only when all four settings are on. */
function accountBlocksAll(resources: readonly PolicyResource[]): boolean {
  return resources.some((resource) => ACCOUNT_BLOCK_TYPES.has(resource.type) && settingsOff(resource.props).length === 0);
}

export const awsS3BucketPublicAccessBlock = stackRule({
  id: 'aws-s3-bucket-public-access-block',
  title: 'S3 buckets have a public access block',
  severity: 'high',
  rationale:
    'A public access block is the guard that keeps a bucket private even when an ACL or bucket policy is later written too broadly. Without one, a single permissive policy change exposes every object to the internet.',
  remediation:
    'Add an aws.s3.BucketPublicAccessBlock whose `bucket` is the bucket, with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true (or an aws.s3.AccountPublicAccessBlock with all four true).',
  controls: controls({
    'cis-aws': ['2.1.4'],
    'nist-800-53': ['AC-3', 'AC-4', 'SC-7'],
    'pci-dss': ['1.4.4'],
    hitrust: ['01.v'],
    'iso-27001': ['A.8.3', 'A.5.15'],
    soc2: ['CC6.1', 'CC6.6'],
  }),
  resourceTypes: [...BUCKET_TYPES, ...BLOCK_TYPES, ...ACCOUNT_BLOCK_TYPES],
  template: 's3-bucket-public-access-block',
  validate(args, report) {
    if (accountBlocksAll(args.resources)) return;
    const index = indexCompanions(args.resources, BLOCK_TYPES);
    for (const bucket of args.resources) {
      if (!isBucket(bucket) || companionsOf(bucket, index).length > 0) continue;
      report(`S3 bucket "${bucketLabel(bucket)}" has no public access block: no BucketPublicAccessBlock references it`, bucket.urn);
    }
  },
  examples: {
    pass: [
      [
        { type: 'aws:s3/bucket:Bucket', name: 'data', props: { bucket: 'acme-data' } },
        {
          type: 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
          name: 'data-pab',
          props: { bucket: 'acme-data', blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        },
      ],
      [
        { type: 'aws:s3/bucket:Bucket', name: 'data', props: { bucket: 'acme-data' } },
        {
          type: 'aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock',
          name: 'account-pab',
          props: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        },
      ],
    ],
    fail: [
      [{ type: 'aws:s3/bucket:Bucket', name: 'data', props: { bucket: 'acme-data' } }],
      [
        { type: 'aws:s3/bucket:Bucket', name: 'data', props: { bucket: 'acme-data' } },
        {
          type: 'aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock',
          name: 'account-pab',
          props: { blockPublicAcls: true, blockPublicPolicy: false, ignorePublicAcls: true, restrictPublicBuckets: true },
        },
      ],
    ],
  },
});

/**
 * Every bucket keeps object versions, so an overwrite or delete (by mistake, by a compromised
 * credential, by ransomware) can be rolled back.
 */
import * as aws from '@pulumi/aws';
import type { PolicyResource } from '@pulumi/policy';
import { controls } from '../../lib/controls.ts';
import { BUCKET_TYPES, bucketLabel, companionsOf, indexCompanions, isBucket } from '../../lib/s3.ts';
import { flag, isSecret, pulumiTypes, record, shown } from '../../lib/values.ts';
import { stackRule } from '../../rule.ts';

const VERSIONING_TYPES = pulumiTypes(aws.s3.BucketVersioning, aws.s3.BucketVersioningV2);

function enabled(status: unknown): boolean {
  return status === 'Enabled' || isSecret(status);
}

/** Why the bucket is unversioned, or undefined when it is versioned. */
function problem(bucket: PolicyResource, companions: PolicyResource[]): string | undefined {
  if (flag(record(bucket.props.versioning)?.enabled) === true) return undefined;
  if (companions.length === 0) return 'no BucketVersioning references it';
  const statuses = companions.map((companion) => record(companion.props.versioningConfiguration)?.status);
  if (statuses.some(enabled)) return undefined;
  return `its BucketVersioning status is ${statuses.map(shown).join(', ')}`;
}

export const awsS3BucketVersioning = stackRule({
  id: 'aws-s3-bucket-versioning',
  title: 'S3 buckets have versioning enabled',
  severity: 'medium',
  rationale:
    'Without versioning an overwritten or deleted object is gone. Versioning is the bucket-level backup that lets data be restored after an accidental change, a faulty deployment or a destructive attacker.',
  remediation:
    'Add an aws.s3.BucketVersioning whose `bucket` is the bucket with versioningConfiguration.status "Enabled" (or change an existing one from "Suspended" to "Enabled"); add a lifecycle rule for noncurrent versions to bound the cost.',
  controls: controls({
    'nist-800-53': ['CP-9', 'CP-10'],
    hitrust: ['09.l'],
    'iso-27001': ['A.8.13'],
    soc2: ['A1.2'],
  }),
  resourceTypes: [...BUCKET_TYPES, ...VERSIONING_TYPES],
  template: 's3-bucket-versioning',
  validate(args, report) {
    const index = indexCompanions(args.resources, VERSIONING_TYPES);
    for (const bucket of args.resources) {
      if (!isBucket(bucket)) continue;
      const why = problem(bucket, companionsOf(bucket, index));
      if (why) report(`S3 bucket "${bucketLabel(bucket)}" does not have versioning enabled: ${why}`, bucket.urn);
    }
  },
  examples: {
    pass: [
      [
        { type: 'aws:s3/bucket:Bucket', name: 'data', props: { bucket: 'acme-data' } },
        {
          type: 'aws:s3/bucketVersioning:BucketVersioning',
          name: 'data-versioning',
          props: { bucket: 'acme-data', versioningConfiguration: { status: 'Enabled' } },
        },
      ],
      [{ type: 'aws:s3/bucket:Bucket', name: 'legacy', props: { bucket: 'acme-legacy', versioning: { enabled: true } } }],
    ],
    fail: [
      [{ type: 'aws:s3/bucket:Bucket', name: 'data', props: { bucket: 'acme-data' } }],
      [
        { type: 'aws:s3/bucket:Bucket', name: 'data', props: { bucket: 'acme-data' } },
        {
          type: 'aws:s3/bucketVersioning:BucketVersioning',
          name: 'data-versioning',
          props: { bucket: 'acme-data', versioningConfiguration: { status: 'Suspended' } },
        },
      ],
    ],
  },
});

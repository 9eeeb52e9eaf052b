/**
 * The bucket CloudTrail delivers to records its own server access logs (CIS AWS 3.4), so reads and
 * deletions of the audit trail are themselves on record. Only buckets in the same stack as the
 * trail can be judged; a trail writing to another stack's bucket is left to that stack's scan.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { BUCKET_TYPES, bucketLabel, bucketRef, indexCompanions, isBucket, isNamedBy, logsAccess, LOGGING_TYPES } from '../../lib/s3.ts';
import { pulumiTypes } from '../../lib/values.ts';
import { stackRule } from '../../rule.ts';

const TRAIL_TYPES = pulumiTypes(aws.cloudtrail.Trail);

export const awsCloudtrailBucketAccessLogging = stackRule({
  id: 'aws-cloudtrail-bucket-access-logging',
  title: 'S3 buckets that receive CloudTrail logs have access logging enabled',
  severity: 'medium',
  rationale:
    'The CloudTrail bucket holds the account\'s audit trail. Access logging on it shows who read, copied or deleted those records, which is the first question after a suspected cover-up.',
  remediation:
    'Add an aws.s3.BucketLogging whose `bucket` is the CloudTrail bucket, with targetBucket set to a separate log bucket that the trail\'s writers cannot modify.',
  controls: controls({
    'cis-aws': ['3.4'],
    'nist-800-53': ['AU-9', 'AU-12'],
    'pci-dss': ['10.2.1.3'],
    hitrust: ['09.ac'],
    'iso-27001': ['A.8.15'],
    soc2: ['CC7.2'],
  }),
  resourceTypes: [...TRAIL_TYPES, ...BUCKET_TYPES, ...LOGGING_TYPES],
  template: 's3-bucket-access-logging',
  validate(args, report) {
    const trailBuckets = new Map<string, string>();
    for (const resource of args.resources) {
      if (!TRAIL_TYPES.has(resource.type)) continue;
      const bucket = bucketRef(resource.props.s3BucketName);
      if (bucket && !trailBuckets.has(bucket)) trailBuckets.set(bucket, resource.name);
    }
    if (trailBuckets.size === 0) return;
    const names = new Set(trailBuckets.keys());
    const index = indexCompanions(args.resources, LOGGING_TYPES);
    for (const bucket of args.resources) {
      if (!isBucket(bucket) || !isNamedBy(bucket, names) || logsAccess(bucket, index)) continue;
      report(`S3 bucket "${bucketLabel(bucket)}" receives CloudTrail logs but has no server access logging`, bucket.urn);
    }
  },
  examples: {
    pass: [
      [
        { type: 'aws:s3/bucket:Bucket', name: 'trail-bucket', props: { bucket: 'acme-trail' } },
        { type: 'aws:s3/bucket:Bucket', name: 'access-logs', props: { bucket: 'acme-access-logs' } },
        { type: 'aws:cloudtrail/trail:Trail', name: 'org', props: { s3BucketName: 'acme-trail', isMultiRegionTrail: true } },
        {
          type: 'aws:s3/bucketLogging:BucketLogging',
          name: 'trail-bucket-logging',
          props: { bucket: 'acme-trail', targetBucket: 'acme-access-logs', targetPrefix: 'acme-trail/' },
        },
      ],
      // A bucket no trail writes to is not this rule's business.
      [{ type: 'aws:s3/bucket:Bucket', name: 'data', props: { bucket: 'acme-data' } }],
    ],
    fail: [
      [
        { type: 'aws:s3/bucket:Bucket', name: 'trail-bucket', props: { bucket: 'acme-trail' } },
        { type: 'aws:cloudtrail/trail:Trail', name: 'org', props: { s3BucketName: 'acme-trail', isMultiRegionTrail: true } },
      ],
    ],
  },
});

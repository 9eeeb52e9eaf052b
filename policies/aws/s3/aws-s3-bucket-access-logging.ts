/**
 * Every bucket records server access logs, so reads and writes of its objects can be reconstructed
 * during an investigation. Buckets that receive other buckets' access logs are exempt: logging a
 * log bucket into itself loops, and logging it elsewhere only moves the question one bucket on.
 */
import { controls } from '../../lib/controls.ts';
import { BUCKET_TYPES, bucketAliases, bucketLabel, indexCompanions, isBucket, logsAccess, logTargets, LOGGING_TYPES } from '../../lib/s3.ts';
import { stackRule } from '../../rule.ts';

export const awsS3BucketAccessLogging = stackRule({
  id: 'aws-s3-bucket-access-logging',
  title: 'S3 buckets have server access logging enabled',
  severity: 'medium',
  rationale:
    'Server access logs are the record of who read, wrote or deleted which object. Without them a data exposure cannot be scoped and an auditor cannot be shown that access to stored data is logged.',
  remediation:
    'Add an aws.s3.BucketLogging whose `bucket` is the bucket, with targetBucket set to a dedicated log bucket and a targetPrefix naming the source bucket.',
  controls: controls({
    'nist-800-53': ['AU-2', 'AU-12'],
    'pci-dss': ['10.2.1'],
    hitrust: ['09.aa'],
    'iso-27001': ['A.8.15'],
    soc2: ['CC7.2'],
  }),
  resourceTypes: [...BUCKET_TYPES, ...LOGGING_TYPES],
  template: 's3-bucket-access-logging',
  validate(args, report) {
    const index = indexCompanions(args.resources, LOGGING_TYPES);
    const targets = logTargets(args.resources);
    for (const bucket of args.resources) {
      if (!isBucket(bucket) || logsAccess(bucket, index)) continue;
      if (bucketAliases(bucket).some((alias) => targets.has(alias))) continue;
      report(`S3 bucket "${bucketLabel(bucket)}" has no server access logging: no BucketLogging references it`, bucket.urn);
    }
  },
  examples: {
    pass: [
      [
        { type: 'aws:s3/bucket:Bucket', name: 'data', props: { bucket: 'acme-data' } },
        { type: 'aws:s3/bucket:Bucket', name: 'logs', props: { bucket: 'acme-logs' } },
        {
          type: 'aws:s3/bucketLogging:BucketLogging',
          name: 'data-logging',
          props: { bucket: 'acme-data', targetBucket: 'acme-logs', targetPrefix: 'acme-data/' },
        },
      ],
    ],
    fail: [
      [{ type: 'aws:s3/bucket:Bucket', name: 'data', props: { bucket: 'acme-data' } }],
      [
        { type: 'aws:s3/bucket:Bucket', name: 'data', props: { bucket: 'acme-data' } },
        {
          type: 'aws:s3/bucketLogging:BucketLogging',
          name: 'other-logging',
          props: { bucket: 'acme-other', targetBucket: 'acme-logs', targetPrefix: 'acme-other/' },
        },
      ],
    ],
  },
});

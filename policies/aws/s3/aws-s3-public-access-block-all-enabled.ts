/**
 * A bucket public access block only protects when all four of its settings are on; each one left
 * off reopens one path (new public ACLs, existing public ACLs, public policies, cross-account
 * access through a public policy).
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { allSettingsOn, settingsOff } from '../../lib/s3-public-access-block.ts';
import { text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsS3PublicAccessBlockAllEnabled = resourceRule({
  id: 'aws-s3-public-access-block-all-enabled',
  title: 'S3 bucket public access blocks turn on all four settings',
  severity: 'high',
  rationale:
    'Each setting of a public access block closes a different route to public data. A block with any of them off gives a false sense of protection while the bucket can still be made public.',
  remediation: 'Set blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets to true on the aws.s3.BucketPublicAccessBlock.',
  controls: controls({
    'cis-aws': ['2.1.4'],
    'nist-800-53': ['AC-3', 'AC-4', 'SC-7'],
    'pci-dss': ['1.4.4'],
    hitrust: ['01.v'],
    'iso-27001': ['A.8.3', 'A.5.15'],
    soc2: ['CC6.1', 'CC6.6'],
  }),
  resource: aws.s3.BucketPublicAccessBlock,
  validate(props, _args, report) {
    const off = settingsOff(props);
    if (off.length === 0) return;
    const bucket = text(props.bucket) ?? 'unknown';
    report(`Public access block for S3 bucket "${bucket}" leaves ${off.join(', ')} off`);
  },
  remediate(props) {
    return allSettingsOn(props);
  },
  examples: {
    pass: [
      {
        type: 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
        name: 'data-pab',
        props: { bucket: 'acme-data', blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      },
    ],
    fail: [
      {
        type: 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
        name: 'data-pab',
        props: { bucket: 'acme-data', blockPublicAcls: true, blockPublicPolicy: false, ignorePublicAcls: true },
      },
    ],
  },
});

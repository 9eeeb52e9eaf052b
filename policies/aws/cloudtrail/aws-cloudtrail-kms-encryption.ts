/**
 * CloudTrail encrypts log files with a customer-managed KMS key. The fix needs a key whose policy
 * lets CloudTrail encrypt and the right people decrypt, so it is a template (key + policy +
 * kmsKeyId) rather than a property edit.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { present } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsCloudtrailKmsEncryption = resourceRule({
  id: 'aws-cloudtrail-kms-encryption',
  title: 'CloudTrail logs are encrypted with a KMS key',
  severity: 'medium',
  rationale:
    'With SSE-KMS, reading the audit trail needs both S3 read access and decrypt permission on the key, so a broad S3 grant alone no longer exposes who did what in the account, and every decrypt is itself logged.',
  remediation:
    'Create an aws.kms.Key with rotation on and a key policy that lets cloudtrail.amazonaws.com generate data keys and the security team decrypt, then set the trail\'s kmsKeyId to its ARN.',
  controls: controls({
    'cis-aws': ['3.5'],
    'nist-800-53': ['AU-9', 'SC-28', 'SC-28(1)'],
    'pci-dss': ['10.3.1'],
    hitrust: ['09.ac'],
    'iso-27001': ['A.8.24', 'A.8.15'],
    soc2: ['CC6.1'],
  }),
  resource: aws.cloudtrail.Trail,
  template: 'cloudtrail-kms-key',
  validate(props, _args, report) {
    if (!present(props.kmsKeyId)) report('CloudTrail trail logs are not encrypted with a KMS key: kmsKeyId is unset');
  },
  examples: {
    pass: [
      {
        type: 'aws:cloudtrail/trail:Trail',
        name: 'org',
        props: { s3BucketName: 'acme-trail', kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
      },
    ],
    fail: [{ type: 'aws:cloudtrail/trail:Trail', name: 'org', props: { s3BucketName: 'acme-trail' } }],
  },
});

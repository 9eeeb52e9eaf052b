/**
 * CloudWatch log groups encrypt events with a customer-managed KMS key. The key policy must let
 * the regional logs service principal use it, so the fix is a template (key + policy + kmsKeyId),
 * not a property edit.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { present } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsCloudwatchLogGroupKmsEncryption = resourceRule({
  id: 'aws-cloudwatch-log-group-kms-encryption',
  title: 'CloudWatch log groups are encrypted with a KMS key',
  severity: 'low',
  rationale:
    'Logs carry request data, identifiers and sometimes secrets that applications should not have logged. With a customer-managed key, reading them needs decrypt permission on the key as well as logs access, and every decrypt is recorded in CloudTrail.',
  remediation:
    'Create an aws.kms.Key with rotation on whose key policy allows logs.<region>.amazonaws.com to encrypt and decrypt for this log group\'s ARN, then set the log group\'s kmsKeyId to the key ARN (applied in place; only new events are encrypted with it).',
  controls: controls({
    'nist-800-53': ['AU-9', 'SC-28', 'SC-28(1)'],
    'pci-dss': ['10.3.2'],
    hitrust: ['09.ac'],
    'iso-27001': ['A.8.15', 'A.8.24'],
    soc2: ['CC6.1'],
  }),
  resource: aws.cloudwatch.LogGroup,
  template: 'cloudwatch-log-group-kms-key',
  validate(props, _args, report) {
    if (!present(props.kmsKeyId)) report('CloudWatch log group is not encrypted with a KMS key: kmsKeyId is unset');
  },
  examples: {
    pass: [
      {
        type: 'aws:cloudwatch/logGroup:LogGroup',
        name: 'app',
        props: { name: '/app/orders', kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
      },
    ],
    fail: [{ type: 'aws:cloudwatch/logGroup:LogGroup', name: 'app', props: { name: '/app/orders', retentionInDays: 365 } }],
  },
});

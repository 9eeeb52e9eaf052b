/**
 * DynamoDB tables encrypt with a customer-managed KMS key. Every table is encrypted at rest; the
 * question is whose key. With the AWS-owned default (or the AWS-managed aws/dynamodb key) the
 * account cannot restrict or revoke use of the key. The fix needs a key with a suitable policy, so
 * it is a template (key + serverSideEncryption), not a property edit.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, present, record } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsDynamodbTableKmsEncryption = resourceRule({
  id: 'aws-dynamodb-table-kms-encryption',
  title: 'DynamoDB tables are encrypted with a customer-managed KMS key',
  severity: 'low',
  rationale:
    'A customer-managed key lets the organisation decide who may decrypt the table, disable access in an emergency and see every use of the key in CloudTrail; the AWS-owned default key offers none of that.',
  remediation:
    'Create an aws.kms.Key with rotation on and set serverSideEncryption to { enabled: true, kmsKeyArn: <key ARN> } (applied in place).',
  controls: controls({
    'nist-800-53': ['SC-12', 'SC-28', 'SC-28(1)'],
    'pci-dss': ['3.6.1'],
    hitrust: ['10.g'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.1'],
  }),
  resource: aws.dynamodb.Table,
  template: 'dynamodb-kms-key',
  validate(props, _args, report) {
    const sse = record(props.serverSideEncryption);
    if (flag(sse?.enabled) !== false && present(sse?.kmsKeyArn)) return;
    const why =
      sse === undefined || flag(sse.enabled) === false
        ? 'it uses the AWS-owned key (serverSideEncryption is unset or disabled)'
        : 'it uses the AWS-managed aws/dynamodb key (serverSideEncryption.kmsKeyArn is unset)';
    report(`DynamoDB table is not encrypted with a customer-managed KMS key: ${why}`);
  },
  examples: {
    pass: [
      {
        type: 'aws:dynamodb/table:Table',
        name: 'orders',
        props: {
          hashKey: 'id',
          attributes: [{ name: 'id', type: 'S' }],
          serverSideEncryption: { enabled: true, kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
        },
      },
    ],
    fail: [
      { type: 'aws:dynamodb/table:Table', name: 'orders', props: { hashKey: 'id', attributes: [{ name: 'id', type: 'S' }] } },
      { type: 'aws:dynamodb/table:Table', name: 'sessions', props: { hashKey: 'id', attributes: [{ name: 'id', type: 'S' }], serverSideEncryption: { enabled: true } } },
    ],
  },
});

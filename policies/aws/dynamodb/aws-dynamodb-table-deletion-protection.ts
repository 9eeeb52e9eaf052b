/** DynamoDB tables cannot be deleted without first turning deletion protection off. */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, shown } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsDynamodbTableDeletionProtection = resourceRule({
  id: 'aws-dynamodb-table-deletion-protection',
  title: 'DynamoDB tables have deletion protection enabled',
  severity: 'medium',
  rationale:
    'Deleting a table deletes its point-in-time recovery history with it. A mistaken destroy, a replacement triggered by a key-schema change or a compromised credential can remove the data and the means to restore it in one call.',
  remediation: 'Set deletionProtectionEnabled to true (applied in place).',
  controls: controls({
    'nist-800-53': ['SI-12'],
    hitrust: ['06.c'],
    'iso-27001': ['A.5.33'],
    soc2: ['A1.2', 'C1.1'],
  }),
  resource: aws.dynamodb.Table,
  validate(props, _args, report) {
    if (flag(props.deletionProtectionEnabled) === true || isSecret(props.deletionProtectionEnabled)) return;
    report(`DynamoDB table can be deleted without protection: deletionProtectionEnabled is ${shown(props.deletionProtectionEnabled)}`);
  },
  remediate(props) {
    return { ...props, deletionProtectionEnabled: true };
  },
  examples: {
    pass: [
      { type: 'aws:dynamodb/table:Table', name: 'orders', props: { hashKey: 'id', attributes: [{ name: 'id', type: 'S' }], deletionProtectionEnabled: true } },
    ],
    fail: [{ type: 'aws:dynamodb/table:Table', name: 'orders', props: { hashKey: 'id', attributes: [{ name: 'id', type: 'S' }] } }],
  },
});

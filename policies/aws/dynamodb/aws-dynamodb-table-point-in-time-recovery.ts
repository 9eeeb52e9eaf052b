/** DynamoDB tables keep continuous backups, so a bad write or a delete can be rolled back to any second. */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, record, shown } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsDynamodbTablePointInTimeRecovery = resourceRule({
  id: 'aws-dynamodb-table-point-in-time-recovery',
  title: 'DynamoDB tables have point-in-time recovery enabled',
  severity: 'medium',
  rationale:
    'Without point-in-time recovery, a faulty deployment, a runaway script or a compromised credential that overwrites or deletes items leaves only whatever on-demand backup happened to exist; PITR restores the table to any second of the last 35 days.',
  remediation: 'Set pointInTimeRecovery.enabled to true (applied in place).',
  controls: controls({
    'nist-800-53': ['CP-9', 'CP-10'],
    hitrust: ['09.l'],
    'iso-27001': ['A.8.13'],
    soc2: ['A1.2'],
  }),
  resource: aws.dynamodb.Table,
  validate(props, _args, report) {
    const enabled = record(props.pointInTimeRecovery)?.enabled;
    if (flag(enabled) === true || isSecret(enabled)) return;
    report(`DynamoDB table has no point-in-time recovery: pointInTimeRecovery.enabled is ${shown(enabled)}`);
  },
  remediate(props) {
    return { ...props, pointInTimeRecovery: { ...(record(props.pointInTimeRecovery) ?? {}), enabled: true } };
  },
  examples: {
    pass: [
      {
        type: 'aws:dynamodb/table:Table',
        name: 'orders',
        props: { hashKey: 'id', attributes: [{ name: 'id', type: 'S' }], billingMode: 'PAY_PER_REQUEST', pointInTimeRecovery: { enabled: true } },
      },
    ],
    fail: [
      { type: 'aws:dynamodb/table:Table', name: 'orders', props: { hashKey: 'id', attributes: [{ name: 'id', type: 'S' }], billingMode: 'PAY_PER_REQUEST' } },
      {
        type: 'aws:dynamodb/table:Table',
        name: 'sessions',
        props: { hashKey: 'id', attributes: [{ name: 'id', type: 'S' }], billingMode: 'PAY_PER_REQUEST', pointInTimeRecovery: { enabled: false } },
      },
    ],
  },
});

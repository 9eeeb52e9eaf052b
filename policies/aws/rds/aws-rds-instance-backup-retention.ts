/** RDS instances keep automated backups long enough to recover from a problem noticed late. */
import * as aws from '@pulumi/aws';
import { backupRetentionRule } from '../../lib/backup-retention.ts';
import { controls } from '../../lib/controls.ts';
import { isAurora, isReplica } from '../../lib/rds.ts';

export const awsRdsInstanceBackupRetention = backupRetentionRule({
  id: 'aws-rds-instance-backup-retention',
  title: 'RDS instances retain automated backups for at least 7 days',
  severity: 'medium',
  rationale:
    'Corruption, a bad migration or a destructive intrusion is often found days later. With the API default of one day (or zero, which turns backups off) the point-in-time restore that would undo it no longer exists.',
  remediation: 'Set backupRetentionPeriod to at least the configured minimum (default 7 days; at most 35).',
  controls: controls({
    'nist-800-53': ['CP-9', 'CP-10'],
    hitrust: ['09.l'],
    'iso-27001': ['A.8.13'],
    soc2: ['A1.2'],
  }),
  resource: aws.rds.Instance,
  property: 'backupRetentionPeriod',
  subject: 'RDS instance',
  unset: 'unset (API default 1 day)',
  // Aurora keeps backups at the cluster; replicas are restored from their source's backups.
  skip: (props) => isAurora(props) || isReplica(props),
  examples: {
    pass: [
      { type: 'aws:rds/instance:Instance', name: 'orders', props: { engine: 'postgres', instanceClass: 'db.t3.micro', backupRetentionPeriod: 14 } },
    ],
    fail: [
      { type: 'aws:rds/instance:Instance', name: 'orders', props: { engine: 'postgres', instanceClass: 'db.t3.micro', backupRetentionPeriod: 1 } },
      { type: 'aws:rds/instance:Instance', name: 'reports', props: { engine: 'postgres', instanceClass: 'db.t3.micro' } },
    ],
  },
});

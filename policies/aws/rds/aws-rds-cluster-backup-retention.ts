/** RDS clusters keep automated backups long enough to recover from a problem noticed late. */
import * as aws from '@pulumi/aws';
import { backupRetentionRule } from '../../lib/backup-retention.ts';
import { controls } from '../../lib/controls.ts';

export const awsRdsClusterBackupRetention = backupRetentionRule({
  id: 'aws-rds-cluster-backup-retention',
  title: 'RDS clusters retain automated backups for at least 7 days',
  severity: 'medium',
  rationale:
    'Corruption, a bad migration or a destructive intrusion is often found days later. With the default of one day, the point-in-time restore that would undo it no longer exists.',
  remediation: 'Set backupRetentionPeriod to at least the configured minimum (default 7 days; at most 35).',
  controls: controls({
    'nist-800-53': ['CP-9', 'CP-10'],
    hitrust: ['09.l'],
    'iso-27001': ['A.8.13'],
    soc2: ['A1.2'],
  }),
  resource: aws.rds.Cluster,
  property: 'backupRetentionPeriod',
  subject: 'RDS cluster',
  unset: 'unset (default 1 day)',
  examples: {
    pass: [{ type: 'aws:rds/cluster:Cluster', name: 'orders', props: { engine: 'aurora-postgresql', backupRetentionPeriod: 14 } }],
    fail: [
      { type: 'aws:rds/cluster:Cluster', name: 'orders', props: { engine: 'aurora-postgresql' } },
      { type: 'aws:rds/cluster:Cluster', name: 'reports', props: { engine: 'aurora-mysql', backupRetentionPeriod: 1 } },
    ],
  },
});

/** ElastiCache replication groups keep automatic daily backups. */
import * as aws from '@pulumi/aws';
import { backupRetentionRule } from '../../lib/backup-retention.ts';
import { controls } from '../../lib/controls.ts';

export const awsElasticacheReplicationGroupBackupRetention = backupRetentionRule({
  id: 'aws-elasticache-replication-group-backup-retention',
  title: 'ElastiCache replication groups retain automatic backups for at least 7 days',
  severity: 'low',
  rationale:
    'Caches used as session stores, queues or primary data for a feature lose that state on a node failure, a bad FLUSHALL or a destructive intrusion. With backups off (the default) nothing can be restored.',
  remediation: 'Set snapshotRetentionLimit to at least the configured minimum (default 7 days; at most 35) and optionally snapshotWindow (applied in place).',
  controls: controls({
    'nist-800-53': ['CP-9', 'CP-10'],
    hitrust: ['09.l'],
    'iso-27001': ['A.8.13'],
    soc2: ['A1.2'],
  }),
  resource: aws.elasticache.ReplicationGroup,
  property: 'snapshotRetentionLimit',
  subject: 'ElastiCache replication group',
  unset: 'unset (backups off)',
  zeroIsOff: true,
  examples: {
    pass: [{ type: 'aws:elasticache/replicationGroup:ReplicationGroup', name: 'sessions', props: { description: 'sessions', engine: 'redis', snapshotRetentionLimit: 7 } }],
    fail: [
      { type: 'aws:elasticache/replicationGroup:ReplicationGroup', name: 'sessions', props: { description: 'sessions', engine: 'redis' } },
      { type: 'aws:elasticache/replicationGroup:ReplicationGroup', name: 'cache', props: { description: 'cache', engine: 'valkey', snapshotRetentionLimit: 1 } },
    ],
  },
});

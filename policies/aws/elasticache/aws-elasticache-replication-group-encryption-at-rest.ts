/**
 * ElastiCache (Redis OSS / Valkey) replication groups encrypt data at rest. No property fix:
 * turning it on replaces the replication group (a new, empty cache); the supported path is a
 * backup and a restore into a new encrypted group, which a person schedules.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, present, shown, text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsElasticacheReplicationGroupEncryptionAtRest = resourceRule({
  id: 'aws-elasticache-replication-group-encryption-at-rest',
  title: 'ElastiCache replication groups encrypt data at rest',
  severity: 'medium',
  rationale:
    'Caches hold sessions, tokens and copies of database rows, and write them to disk in backups and swap. Without encryption at rest, those copies are readable by anyone who obtains a backup or the underlying storage.',
  remediation:
    'Create a new replication group with atRestEncryptionEnabled = true (optionally kmsKeyId), seeded from a backup of the old one, and switch clients over; the setting cannot be changed in place.',
  controls: controls({
    'nist-800-53': ['SC-28', 'SC-28(1)'],
    'pci-dss': ['3.5.1'],
    hitrust: ['06.d'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.1'],
  }),
  resource: aws.elasticache.ReplicationGroup,
  validate(props, _args, report) {
    const enabled = props.atRestEncryptionEnabled;
    if (flag(enabled) === true || isSecret(enabled) || present(props.kmsKeyId)) return;
    // Valkey groups are encrypted at rest unless the program says otherwise.
    if (enabled === undefined && text(props.engine) === 'valkey') return;
    report(`ElastiCache replication group does not encrypt data at rest: atRestEncryptionEnabled is ${shown(enabled)}`);
  },
  examples: {
    pass: [
      { type: 'aws:elasticache/replicationGroup:ReplicationGroup', name: 'sessions', props: { description: 'sessions', engine: 'redis', atRestEncryptionEnabled: true } },
      { type: 'aws:elasticache/replicationGroup:ReplicationGroup', name: 'cache', props: { description: 'cache', engine: 'valkey' } },
    ],
    fail: [{ type: 'aws:elasticache/replicationGroup:ReplicationGroup', name: 'sessions', props: { description: 'sessions', engine: 'redis' } }],
  },
});

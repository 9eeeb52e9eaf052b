/**
 * ElastiCache replication groups require TLS from clients. No property fix: on engine 7.0.5+
 * encryption in transit is enabled in two applies (transitEncryptionMode "preferred" while clients
 * move to TLS, then "required"), and on older engines it replaces the group; both need a person
 * coordinating the clients.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, shown, text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsElasticacheReplicationGroupEncryptionInTransit = resourceRule({
  id: 'aws-elasticache-replication-group-encryption-in-transit',
  title: 'ElastiCache replication groups require encryption in transit',
  severity: 'medium',
  rationale:
    'Without TLS, cache traffic (session tokens, cached records and the AUTH password itself) crosses the network in clear text and can be read or altered by anything that can observe the VPC traffic.',
  remediation:
    'On engine 7.0.5 or later set transitEncryptionEnabled = true with transitEncryptionMode "preferred", move clients to TLS, then set the mode to "required"; on older engines create a new group with transitEncryptionEnabled = true.',
  controls: controls({
    'nist-800-53': ['SC-8', 'SC-8(1)'],
    hitrust: ['09.s'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.7'],
  }),
  resource: aws.elasticache.ReplicationGroup,
  validate(props, _args, report) {
    const enabled = props.transitEncryptionEnabled;
    if (isSecret(enabled) || isSecret(props.transitEncryptionMode)) return;
    if (flag(enabled) !== true) {
      report(`ElastiCache replication group accepts unencrypted connections: transitEncryptionEnabled is ${shown(enabled)}`);
      return;
    }
    if (text(props.transitEncryptionMode) === 'preferred') {
      report('ElastiCache replication group still accepts unencrypted connections: transitEncryptionMode is "preferred"');
    }
  },
  examples: {
    pass: [
      {
        type: 'aws:elasticache/replicationGroup:ReplicationGroup',
        name: 'sessions',
        props: { description: 'sessions', engine: 'redis', transitEncryptionEnabled: true, transitEncryptionMode: 'required' },
      },
    ],
    fail: [
      { type: 'aws:elasticache/replicationGroup:ReplicationGroup', name: 'sessions', props: { description: 'sessions', engine: 'redis' } },
      {
        type: 'aws:elasticache/replicationGroup:ReplicationGroup',
        name: 'cache',
        props: { description: 'cache', engine: 'valkey', transitEncryptionEnabled: true, transitEncryptionMode: 'preferred' },
      },
    ],
  },
});

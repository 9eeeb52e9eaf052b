/**
 * RDS clusters (Aurora and Multi-AZ DB clusters) encrypt their storage. No property fix: turning on
 * storageEncrypted replaces the cluster with a new, empty one; the supported path is an encrypted
 * snapshot restore with a cut-over a person plans.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, present, shown, text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsRdsClusterStorageEncrypted = resourceRule({
  id: 'aws-rds-cluster-storage-encrypted',
  title: 'RDS clusters encrypt storage at rest',
  severity: 'high',
  rationale:
    'Cluster storage encryption also covers automated backups, snapshots and every instance in the cluster; without it each copy of the database is readable by whoever obtains it. Provisioned Aurora clusters are unencrypted unless the program asks.',
  remediation:
    'Snapshot the cluster, restore a new cluster from the snapshot with storageEncrypted = true and a kmsKeyId, and switch clients over; encryption cannot be turned on in place.',
  controls: controls({
    'cis-aws': ['2.3.1'],
    'nist-800-53': ['SC-28', 'SC-28(1)'],
    'pci-dss': ['3.5.1'],
    hitrust: ['06.d'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.1'],
  }),
  resource: aws.rds.Cluster,
  validate(props, _args, report) {
    if (flag(props.storageEncrypted) === true || isSecret(props.storageEncrypted) || present(props.kmsKeyId)) return;
    if (props.storageEncrypted === undefined) {
      // Serverless v1 is always encrypted; replicas, global members and restores inherit from a source we cannot see.
      if (text(props.engineMode) === 'serverless') return;
      const sources = [props.replicationSourceIdentifier, props.globalClusterIdentifier, props.snapshotIdentifier, props.restoreToPointInTime];
      if (sources.some(present)) return;
    }
    report(`RDS cluster storage is not encrypted: storageEncrypted is ${shown(props.storageEncrypted)}`);
  },
  examples: {
    pass: [{ type: 'aws:rds/cluster:Cluster', name: 'orders', props: { engine: 'aurora-postgresql', storageEncrypted: true } }],
    fail: [
      { type: 'aws:rds/cluster:Cluster', name: 'orders', props: { engine: 'aurora-postgresql' } },
      { type: 'aws:rds/cluster:Cluster', name: 'reports', props: { engine: 'aurora-mysql', storageEncrypted: false } },
    ],
  },
});

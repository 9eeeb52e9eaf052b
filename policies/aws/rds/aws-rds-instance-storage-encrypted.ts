/**
 * RDS instances encrypt their storage. No property fix: turning on storageEncrypted replaces the
 * instance (a new, empty database); the supported path is an encrypted snapshot copy and a restore,
 * with a cut-over a person plans.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { isAurora, isReplica } from '../../lib/rds.ts';
import { flag, isSecret, present, shown } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsRdsInstanceStorageEncrypted = resourceRule({
  id: 'aws-rds-instance-storage-encrypted',
  title: 'RDS instances encrypt storage at rest',
  severity: 'high',
  rationale:
    'Databases hold the most sensitive records. Storage encryption also covers automated backups, snapshots and read replicas, so without it every copy of the data is readable by whoever obtains it.',
  remediation:
    'Snapshot the instance, copy the snapshot with a KMS key, restore a new instance from the encrypted copy (storageEncrypted = true, kmsKeyId) and switch clients over.',
  controls: controls({
    'cis-aws': ['2.3.1'],
    'nist-800-53': ['SC-28', 'SC-28(1)'],
    'pci-dss': ['3.5.1'],
    hitrust: ['06.d'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.1'],
  }),
  resource: aws.rds.Instance,
  validate(props, _args, report) {
    if (isAurora(props)) return;
    if (flag(props.storageEncrypted) === true || isSecret(props.storageEncrypted) || present(props.kmsKeyId)) return;
    // Replicas and snapshot restores inherit encryption from a source we cannot see.
    if (props.storageEncrypted === undefined && (isReplica(props) || present(props.snapshotIdentifier))) return;
    report(`RDS instance storage is not encrypted: storageEncrypted is ${shown(props.storageEncrypted)}`);
  },
  examples: {
    pass: [
      {
        type: 'aws:rds/instance:Instance',
        name: 'orders',
        props: { engine: 'postgres', instanceClass: 'db.t3.micro', allocatedStorage: 20, storageEncrypted: true },
      },
    ],
    fail: [
      { type: 'aws:rds/instance:Instance', name: 'orders', props: { engine: 'postgres', instanceClass: 'db.t3.micro', allocatedStorage: 20 } },
    ],
  },
});

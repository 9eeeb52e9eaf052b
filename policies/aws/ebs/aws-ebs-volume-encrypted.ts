/**
 * EBS volumes are encrypted. There is deliberately no property fix: changing `encrypted` on an
 * existing volume replaces it and loses its data; the safe path is snapshot, encrypted copy,
 * new volume, swap, which needs a person to schedule.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, present, shown } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsEbsVolumeEncrypted = resourceRule({
  id: 'aws-ebs-volume-encrypted',
  title: 'EBS volumes are encrypted at rest',
  severity: 'medium',
  rationale:
    'An unencrypted volume, and every snapshot taken from it, can be read by anyone who gets a copy: a snapshot shared by mistake, a detached volume, a compromised backup account.',
  remediation:
    'Snapshot the volume, copy the snapshot with encryption (a KMS key), create a new volume with encrypted = true from the copy and swap it in; turn on aws.ebs.EncryptionByDefault so new volumes are encrypted.',
  controls: controls({
    'cis-aws': ['2.2.1'],
    'nist-800-53': ['SC-28', 'SC-28(1)'],
    'pci-dss': ['3.5.1'],
    hitrust: ['06.d'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.1'],
  }),
  resource: aws.ebs.Volume,
  validate(props, _args, report) {
    if (flag(props.encrypted) === true || isSecret(props.encrypted) || present(props.kmsKeyId)) return;
    // A volume restored from a snapshot inherits the snapshot's encryption, which we cannot see.
    if (props.encrypted === undefined && present(props.snapshotId)) return;
    report(`EBS volume is not encrypted: encrypted is ${shown(props.encrypted)}`);
  },
  examples: {
    pass: [{ type: 'aws:ebs/volume:Volume', name: 'data', props: { availabilityZone: 'us-east-1a', size: 100, encrypted: true } }],
    fail: [
      { type: 'aws:ebs/volume:Volume', name: 'data', props: { availabilityZone: 'us-east-1a', size: 100 } },
      { type: 'aws:ebs/volume:Volume', name: 'scratch', props: { availabilityZone: 'us-east-1a', size: 20, encrypted: false } },
    ],
  },
});

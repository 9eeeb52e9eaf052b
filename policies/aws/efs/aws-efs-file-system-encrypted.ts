/**
 * EFS file systems are encrypted at rest. No property fix: encryption is chosen at creation, so the
 * fix is a new encrypted file system and a copy (AWS DataSync) with a cut-over a person plans.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, present, shown } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsEfsFileSystemEncrypted = resourceRule({
  id: 'aws-efs-file-system-encrypted',
  title: 'EFS file systems are encrypted at rest',
  severity: 'medium',
  rationale:
    'Shared file systems collect application data, uploads and exports from many hosts. Unencrypted, that data and its backups are readable by whoever obtains the underlying storage.',
  remediation:
    'Create a new file system with encrypted = true (optionally kmsKeyId), copy the data with AWS DataSync, move the mount targets and clients, and delete the old one; encryption cannot be turned on in place.',
  controls: controls({
    'cis-aws': ['2.4.1'],
    'nist-800-53': ['SC-28', 'SC-28(1)'],
    'pci-dss': ['3.5.1'],
    hitrust: ['06.d'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.1'],
  }),
  resource: aws.efs.FileSystem,
  validate(props, _args, report) {
    if (flag(props.encrypted) === true || isSecret(props.encrypted) || present(props.kmsKeyId)) return;
    report(`EFS file system is not encrypted: encrypted is ${shown(props.encrypted)}`);
  },
  examples: {
    pass: [{ type: 'aws:efs/fileSystem:FileSystem', name: 'shared', props: { encrypted: true, performanceMode: 'generalPurpose' } }],
    fail: [{ type: 'aws:efs/fileSystem:FileSystem', name: 'shared', props: { performanceMode: 'generalPurpose' } }],
  },
});

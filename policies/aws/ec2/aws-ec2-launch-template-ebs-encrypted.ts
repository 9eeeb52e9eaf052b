/**
 * Launch templates encrypt the EBS volumes they declare, so every instance that scaling starts from
 * them gets encrypted disks. Mappings restored from a snapshot take the snapshot's encryption (the
 * API rejects `encrypted` alongside `snapshotId`) and are left alone.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, items, present, record, text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

/** The block device mappings whose EBS volume is declared unencrypted, by device name. */
function unencrypted(mappings: unknown): string[] {
  return items(mappings).flatMap((mapping) => {
    const entry = record(mapping);
    const ebs = record(entry?.ebs);
    if (ebs === undefined || present(ebs.snapshotId) || present(ebs.kmsKeyId)) return [];
    if (flag(ebs.encrypted) === true || isSecret(ebs.encrypted)) return [];
    return [text(entry?.deviceName) ?? 'unnamed device'];
  });
}

export const awsEc2LaunchTemplateEbsEncrypted = resourceRule({
  id: 'aws-ec2-launch-template-ebs-encrypted',
  title: 'EC2 launch templates encrypt the EBS volumes they declare',
  severity: 'medium',
  rationale:
    'Volumes created from a template without encryption, and every snapshot taken from them, can be read by whoever gets a copy; fixing the instances one by one is undone by the next scale-out.',
  remediation: 'Set ebs.encrypted to "true" (optionally with kmsKeyId) on every block device mapping of the launch template; new instances pick it up.',
  controls: controls({
    'nist-800-53': ['SC-28', 'SC-28(1)'],
    'pci-dss': ['3.5.1'],
    hitrust: ['06.d'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.1'],
  }),
  resource: aws.ec2.LaunchTemplate,
  validate(props, _args, report) {
    const devices = unencrypted(props.blockDeviceMappings);
    if (devices.length > 0) report(`Launch template declares unencrypted EBS volumes: ${devices.join(', ')}`);
  },
  remediate(props) {
    if (!Array.isArray(props.blockDeviceMappings)) return undefined;
    const blockDeviceMappings = props.blockDeviceMappings.map((mapping) => {
      const entry = record(mapping);
      if (entry === undefined || unencrypted([entry]).length === 0) return mapping;
      return { ...entry, ebs: { ...record(entry.ebs), encrypted: 'true' } };
    });
    return { ...props, blockDeviceMappings };
  },
  examples: {
    pass: [
      {
        type: 'aws:ec2/launchTemplate:LaunchTemplate',
        name: 'web',
        props: { imageId: 'ami-0abcdef1234567890', blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: 20, encrypted: 'true' } }] },
      },
      { type: 'aws:ec2/launchTemplate:LaunchTemplate', name: 'worker', props: { imageId: 'ami-0abcdef1234567890' } },
    ],
    fail: [
      {
        type: 'aws:ec2/launchTemplate:LaunchTemplate',
        name: 'web',
        props: {
          imageId: 'ami-0abcdef1234567890',
          blockDeviceMappings: [
            { deviceName: '/dev/xvda', ebs: { volumeSize: 20 } },
            { deviceName: '/dev/xvdb', ebs: { volumeSize: 100, encrypted: 'false' } },
          ],
        },
      },
    ],
  },
});

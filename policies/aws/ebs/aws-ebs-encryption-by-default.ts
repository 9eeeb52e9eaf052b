/** EBS encryption by default stays on for the region, so every new volume and snapshot copy is encrypted. */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsEbsEncryptionByDefault = resourceRule({
  id: 'aws-ebs-encryption-by-default',
  title: 'EBS encryption by default is enabled',
  severity: 'medium',
  rationale:
    'With encryption by default on, a volume created by any tool, template or person in the region is encrypted whether or not they asked for it. Turning it off means each new volume depends on its creator remembering.',
  remediation: 'Set enabled to true on the aws.ebs.EncryptionByDefault resource (or remove the explicit false: the resource defaults to true).',
  controls: controls({
    'cis-aws': ['2.2.1'],
    'nist-800-53': ['SC-28', 'SC-28(1)'],
    'pci-dss': ['3.5.1'],
    hitrust: ['06.d'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.1'],
  }),
  resource: aws.ebs.EncryptionByDefault,
  validate(props, _args, report) {
    if (flag(props.enabled) === false) report('EBS encryption by default is turned off for the region: enabled is false');
  },
  remediate(props) {
    return { ...props, enabled: true };
  },
  examples: {
    pass: [{ type: 'aws:ebs/encryptionByDefault:EncryptionByDefault', name: 'default', props: { enabled: true } }],
    fail: [{ type: 'aws:ebs/encryptionByDefault:EncryptionByDefault', name: 'default', props: { enabled: false } }],
  },
});

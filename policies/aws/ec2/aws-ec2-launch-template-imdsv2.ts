/**
 * Launch templates require IMDSv2, so every instance an Auto Scaling group or fleet starts from
 * them does too; fixing instances one by one would be undone by the next scale-out.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { imdsv2Rule } from '../../lib/imds.ts';

export const awsEc2LaunchTemplateImdsv2 = imdsv2Rule({
  id: 'aws-ec2-launch-template-imdsv2',
  title: 'EC2 launch templates require IMDSv2',
  severity: 'high',
  rationale:
    'Instances launched from a template that allows IMDSv1 hand their role credentials to any server-side request forgery. The template is where the setting has to be fixed for instances created by scaling.',
  remediation: 'Set metadataOptions.httpTokens to "required" on the launch template; running instances pick it up on their next replacement.',
  controls: controls({
    'cis-aws': ['5.6'],
    'nist-800-53': ['AC-3', 'CM-6'],
    'pci-dss': ['2.2.6'],
    'iso-27001': ['A.8.9'],
    soc2: ['CC6.1'],
  }),
  resource: aws.ec2.LaunchTemplate,
  subject: 'Launch template',
  examples: {
    pass: [
      {
        type: 'aws:ec2/launchTemplate:LaunchTemplate',
        name: 'workers',
        props: { imageId: 'ami-0abcdef1234567890', instanceType: 't3.micro', metadataOptions: { httpTokens: 'required' } },
      },
    ],
    fail: [
      {
        type: 'aws:ec2/launchTemplate:LaunchTemplate',
        name: 'workers',
        props: { imageId: 'ami-0abcdef1234567890', instanceType: 't3.micro', metadataOptions: { httpEndpoint: 'enabled' } },
      },
    ],
  },
});

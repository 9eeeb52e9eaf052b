/** EC2 instances only answer IMDSv2 (session-token) metadata requests. */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { imdsv2Rule } from '../../lib/imds.ts';

export const awsEc2InstanceImdsv2 = imdsv2Rule({
  id: 'aws-ec2-instance-imdsv2',
  title: 'EC2 instances require IMDSv2',
  severity: 'high',
  rationale:
    'IMDSv1 returns the instance role\'s temporary credentials to any unauthenticated GET from the instance, so a server-side request forgery bug becomes an AWS credential leak. IMDSv2 needs a session token obtained with a PUT, which SSRF and most open proxies cannot send.',
  remediation: 'Set metadataOptions.httpTokens to "required" on the instance (applied in place, no replacement).',
  controls: controls({
    'cis-aws': ['5.6'],
    'nist-800-53': ['AC-3', 'CM-6'],
    'pci-dss': ['2.2.6'],
    'iso-27001': ['A.8.9'],
    soc2: ['CC6.1'],
  }),
  resource: aws.ec2.Instance,
  subject: 'EC2 instance',
  examples: {
    pass: [
      {
        type: 'aws:ec2/instance:Instance',
        name: 'web',
        props: { ami: 'ami-0abcdef1234567890', instanceType: 't3.micro', metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled' } },
      },
    ],
    fail: [
      { type: 'aws:ec2/instance:Instance', name: 'web', props: { ami: 'ami-0abcdef1234567890', instanceType: 't3.micro' } },
      {
        type: 'aws:ec2/instance:Instance',
        name: 'worker',
        props: { ami: 'ami-0abcdef1234567890', instanceType: 't3.micro', metadataOptions: { httpTokens: 'optional', httpPutResponseHopLimit: 2 } },
      },
    ],
  },
});

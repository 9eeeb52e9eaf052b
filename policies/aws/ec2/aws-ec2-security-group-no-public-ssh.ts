/** No security group lets the whole internet reach SSH. */
import { publicAdminPortRule } from '../../lib/admin-port-rules.ts';
import { SSH } from '../../lib/admin-port.ts';
import { controls } from '../../lib/controls.ts';

export const awsEc2SecurityGroupNoPublicSsh = publicAdminPortRule('aws-security-group', SSH, {
  id: 'aws-ec2-security-group-no-public-ssh',
  title: 'Security groups do not allow SSH from 0.0.0.0/0 or ::/0',
  severity: 'high',
  rationale:
    'SSH reachable from any address is scanned and brute-forced within minutes of exposure, and one weak key or unpatched daemon then gives an attacker a shell inside the VPC.',
  remediation:
    'Replace 0.0.0.0/0 and ::/0 on the port-22 ingress rule with the administrators\' network (config `adminCidr`), or remove the rule and use SSM Session Manager or a bastion.',
  controls: controls({
    'cis-aws': ['5.2', '5.3'],
    'nist-800-53': ['AC-17', 'SC-7', 'CM-7'],
    'pci-dss': ['1.3.1', '1.4.2'],
    hitrust: ['01.l', '01.n', '09.m'],
    'iso-27001': ['A.8.20'],
    soc2: ['CC6.1', 'CC6.6'],
  }),
  examples: {
    pass: [
      {
        type: 'aws:ec2/securityGroup:SecurityGroup',
        name: 'bastion',
        props: { ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['10.0.0.0/8'] }] },
      },
      {
        type: 'aws:ec2/securityGroup:SecurityGroup',
        name: 'web',
        props: { ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'], ipv6CidrBlocks: ['::/0'] }] },
      },
    ],
    fail: [
      {
        type: 'aws:ec2/securityGroup:SecurityGroup',
        name: 'bastion',
        props: {
          ingress: [
            { protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'], ipv6CidrBlocks: ['::/0'] },
            { protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] },
          ],
        },
      },
      // Detected, but broader than the port: no deterministic fix.
      {
        type: 'aws:ec2/securityGroup:SecurityGroup',
        name: 'wide-open',
        props: { ingress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] }] },
      },
    ],
  },
});

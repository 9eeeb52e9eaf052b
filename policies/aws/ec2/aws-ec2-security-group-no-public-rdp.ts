/** No security group lets the whole internet reach RDP. */
import { publicAdminPortRule } from '../../lib/admin-port-rules.ts';
import { RDP } from '../../lib/admin-port.ts';
import { controls } from '../../lib/controls.ts';

export const awsEc2SecurityGroupNoPublicRdp = publicAdminPortRule('aws-security-group', RDP, {
  id: 'aws-ec2-security-group-no-public-rdp',
  title: 'Security groups do not allow RDP from 0.0.0.0/0 or ::/0',
  severity: 'high',
  rationale:
    'RDP open to the internet is one of the most common ransomware entry points: it is scanned continuously, brute-forced, and has a history of pre-authentication vulnerabilities.',
  remediation:
    'Replace 0.0.0.0/0 and ::/0 on the port-3389 ingress rule with the administrators\' network (config `adminCidr`), or remove the rule and use Fleet Manager, a VPN or a bastion.',
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
        name: 'windows',
        props: { ingress: [{ protocol: 'tcp', fromPort: 3389, toPort: 3389, cidrBlocks: ['192.168.10.0/24'] }] },
      },
    ],
    fail: [
      {
        type: 'aws:ec2/securityGroup:SecurityGroup',
        name: 'windows',
        props: { ingress: [{ protocol: 'tcp', fromPort: 3389, toPort: 3389, cidrBlocks: ['0.0.0.0/0'] }] },
      },
      {
        type: 'aws:ec2/securityGroup:SecurityGroup',
        name: 'windows-range',
        props: { ingress: [{ protocol: 'tcp', fromPort: 3000, toPort: 4000, ipv6CidrBlocks: ['::/0'] }] },
      },
    ],
  },
});

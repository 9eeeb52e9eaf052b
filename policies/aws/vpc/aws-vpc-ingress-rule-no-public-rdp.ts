/** No standalone security-group ingress rule lets the whole internet reach RDP. */
import { publicAdminPortRule } from '../../lib/admin-port-rules.ts';
import { RDP } from '../../lib/admin-port.ts';
import { controls } from '../../lib/controls.ts';

export const awsVpcIngressRuleNoPublicRdp = publicAdminPortRule('aws-ingress-rule', RDP, {
  id: 'aws-vpc-ingress-rule-no-public-rdp',
  title: 'Security group ingress rules do not allow RDP from 0.0.0.0/0 or ::/0',
  severity: 'high',
  rationale:
    'RDP open to the internet is one of the most common ransomware entry points: it is scanned continuously, brute-forced, and has a history of pre-authentication vulnerabilities.',
  remediation:
    'Set cidrIpv4 (or cidrIpv6) of the port-3389 aws.vpc.SecurityGroupIngressRule to the administrators\' network (config `adminCidr`), or delete the rule and use Fleet Manager, a VPN or a bastion.',
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
        type: 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
        name: 'rdp-vpn',
        props: { securityGroupId: 'sg-123', ipProtocol: 'tcp', fromPort: 3389, toPort: 3389, referencedSecurityGroupId: 'sg-vpn' },
      },
    ],
    fail: [
      {
        type: 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
        name: 'rdp-world',
        props: { securityGroupId: 'sg-123', ipProtocol: 'tcp', fromPort: 3389, toPort: 3389, cidrIpv4: '0.0.0.0/0' },
      },
      {
        type: 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
        name: 'rdp-world-udp',
        props: { securityGroupId: 'sg-123', ipProtocol: 'udp', fromPort: 3389, toPort: 3389, cidrIpv6: '::/0' },
      },
    ],
  },
});

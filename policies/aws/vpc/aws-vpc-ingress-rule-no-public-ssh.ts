/** No standalone security-group ingress rule lets the whole internet reach SSH. */
import { publicAdminPortRule } from '../../lib/admin-port-rules.ts';
import { SSH } from '../../lib/admin-port.ts';
import { controls } from '../../lib/controls.ts';

export const awsVpcIngressRuleNoPublicSsh = publicAdminPortRule('aws-ingress-rule', SSH, {
  id: 'aws-vpc-ingress-rule-no-public-ssh',
  title: 'Security group ingress rules do not allow SSH from 0.0.0.0/0 or ::/0',
  severity: 'high',
  rationale:
    'SSH reachable from any address is scanned and brute-forced within minutes of exposure, and one weak key or unpatched daemon then gives an attacker a shell inside the VPC.',
  remediation:
    'Set cidrIpv4 (or cidrIpv6) of the port-22 aws.vpc.SecurityGroupIngressRule to the administrators\' network (config `adminCidr`), or delete the rule and use SSM Session Manager or a bastion.',
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
        name: 'ssh-admins',
        props: { securityGroupId: 'sg-123', ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '10.20.0.0/16' },
      },
    ],
    fail: [
      {
        type: 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
        name: 'ssh-world',
        props: { securityGroupId: 'sg-123', ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' },
      },
      {
        type: 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
        name: 'ssh-world-v6',
        props: { securityGroupId: 'sg-123', ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv6: '::/0' },
      },
      {
        type: 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
        name: 'all-world',
        props: { securityGroupId: 'sg-123', ipProtocol: '-1', cidrIpv4: '0.0.0.0/0' },
      },
    ],
  },
});

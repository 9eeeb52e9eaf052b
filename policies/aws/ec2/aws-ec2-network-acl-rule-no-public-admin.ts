/** No network ACL rule lets the whole internet reach SSH or RDP. */
import * as aws from '@pulumi/aws';
import { adminCidr, adminCidrConfig } from '../../lib/admin-port.ts';
import { controls } from '../../lib/controls.ts';
import { allows, naclEntryExposures, restrictNaclEntry } from '../../lib/nacl.ts';
import { flag } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsEc2NetworkAclRuleNoPublicAdmin = resourceRule({
  id: 'aws-ec2-network-acl-rule-no-public-admin',
  title: 'Network ACL rules do not allow SSH or RDP from 0.0.0.0/0 or ::/0',
  severity: 'high',
  rationale:
    'A network ACL that admits SSH or RDP from anywhere leaves every instance in its subnets one security-group mistake away from being brute-forced or exploited over its remote administration port.',
  remediation:
    'Set cidrBlock (or ipv6CidrBlock) of the port-22/3389 allow rule to the administrators\' network (config `adminCidr`), or delete the rule and administer through SSM Session Manager.',
  controls: controls({
    'cis-aws': ['5.1'],
    'nist-800-53': ['AC-17', 'SC-7', 'CM-7'],
    'pci-dss': ['1.3.1', '1.4.2'],
    hitrust: ['01.l', '01.n', '09.m'],
    'iso-27001': ['A.8.20'],
    soc2: ['CC6.1', 'CC6.6'],
  }),
  configSchema: adminCidrConfig,
  resource: aws.ec2.NetworkAclRule,
  validate(props, _args, report) {
    if (flag(props.egress) === true || !allows(props)) return;
    for (const exposure of naclEntryExposures(props)) report(`Network ACL rule allows ${exposure}`);
  },
  remediate(props, args) {
    return restrictNaclEntry(props, adminCidr(args));
  },
  examples: {
    pass: [
      {
        type: 'aws:ec2/networkAclRule:NetworkAclRule',
        name: 'ssh-admins',
        props: { networkAclId: 'acl-123', ruleNumber: 100, egress: false, protocol: 'tcp', ruleAction: 'allow', cidrBlock: '10.0.0.0/8', fromPort: 22, toPort: 22 },
      },
      {
        type: 'aws:ec2/networkAclRule:NetworkAclRule',
        name: 'https',
        props: { networkAclId: 'acl-123', ruleNumber: 110, egress: false, protocol: 'tcp', ruleAction: 'allow', cidrBlock: '0.0.0.0/0', fromPort: 443, toPort: 443 },
      },
    ],
    fail: [
      {
        type: 'aws:ec2/networkAclRule:NetworkAclRule',
        name: 'ssh',
        props: { networkAclId: 'acl-123', ruleNumber: 100, egress: false, protocol: 'tcp', ruleAction: 'allow', cidrBlock: '0.0.0.0/0', fromPort: 22, toPort: 22 },
      },
      // Detected, but broader than one port: no deterministic fix.
      {
        type: 'aws:ec2/networkAclRule:NetworkAclRule',
        name: 'all',
        props: { networkAclId: 'acl-123', ruleNumber: 200, egress: false, protocol: '-1', ruleAction: 'allow', ipv6CidrBlock: '::/0' },
      },
    ],
  },
});

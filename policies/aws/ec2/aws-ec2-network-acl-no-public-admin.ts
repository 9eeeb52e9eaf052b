/** No network ACL's inline ingress entries let the whole internet reach SSH or RDP. */
import * as aws from '@pulumi/aws';
import { adminCidr, adminCidrConfig } from '../../lib/admin-port.ts';
import { controls } from '../../lib/controls.ts';
import { allows, naclEntryExposures, restrictNaclEntry } from '../../lib/nacl.ts';
import { record } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsEc2NetworkAclNoPublicAdmin = resourceRule({
  id: 'aws-ec2-network-acl-no-public-admin',
  title: 'Network ACLs do not allow SSH or RDP ingress from 0.0.0.0/0 or ::/0',
  severity: 'high',
  rationale:
    'A network ACL that admits SSH or RDP from anywhere leaves every instance in its subnets one security-group mistake away from being brute-forced or exploited over its remote administration port.',
  remediation:
    'Set cidrBlock (or ipv6CidrBlock) of the port-22/3389 allow entry in `ingress` to the administrators\' network (config `adminCidr`), or remove the entry and administer through SSM Session Manager.',
  controls: controls({
    'cis-aws': ['5.1'],
    'nist-800-53': ['AC-17', 'SC-7', 'CM-7'],
    'pci-dss': ['1.3.1', '1.4.2'],
    hitrust: ['01.l', '01.n', '09.m'],
    'iso-27001': ['A.8.20'],
    soc2: ['CC6.1', 'CC6.6'],
  }),
  configSchema: adminCidrConfig,
  resource: aws.ec2.NetworkAcl,
  validate(props, _args, report) {
    for (const item of Array.isArray(props.ingress) ? props.ingress : []) {
      const entry = record(item);
      if (entry === undefined || !allows(entry)) continue;
      for (const exposure of naclEntryExposures(entry)) report(`Network ACL ingress entry ${JSON.stringify(entry.ruleNo ?? null)} allows ${exposure}`);
    }
  },
  remediate(props, args) {
    if (!Array.isArray(props.ingress)) return undefined;
    const cidr = adminCidr(args);
    let fixable = true;
    const ingress = props.ingress.map((item) => {
      const entry = record(item);
      if (entry === undefined || !allows(entry) || naclEntryExposures(entry).length === 0) return item;
      const fixed = restrictNaclEntry(entry, cidr);
      if (fixed === undefined) fixable = false;
      return fixed ?? item;
    });
    return fixable ? { ...props, ingress } : undefined;
  },
  examples: {
    pass: [
      {
        type: 'aws:ec2/networkAcl:NetworkAcl',
        name: 'public',
        props: {
          vpcId: 'vpc-123',
          ingress: [
            { ruleNo: 100, action: 'allow', protocol: 'tcp', cidrBlock: '0.0.0.0/0', fromPort: 443, toPort: 443 },
            { ruleNo: 110, action: 'allow', protocol: 'tcp', cidrBlock: '10.0.0.0/8', fromPort: 22, toPort: 22 },
            { ruleNo: 120, action: 'deny', protocol: 'tcp', cidrBlock: '0.0.0.0/0', fromPort: 3389, toPort: 3389 },
          ],
        },
      },
    ],
    fail: [
      {
        type: 'aws:ec2/networkAcl:NetworkAcl',
        name: 'public',
        props: {
          vpcId: 'vpc-123',
          ingress: [
            { ruleNo: 100, action: 'allow', protocol: 'tcp', cidrBlock: '0.0.0.0/0', fromPort: 443, toPort: 443 },
            { ruleNo: 110, action: 'allow', protocol: 'tcp', cidrBlock: '0.0.0.0/0', fromPort: 3389, toPort: 3389 },
          ],
        },
      },
      {
        type: 'aws:ec2/networkAcl:NetworkAcl',
        name: 'open',
        props: { vpcId: 'vpc-123', ingress: [{ ruleNo: 100, action: 'allow', protocol: '-1', cidrBlock: '0.0.0.0/0', fromPort: 0, toPort: 0 }] },
      },
    ],
  },
});

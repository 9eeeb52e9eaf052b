/**
 * The default security group of every VPC allows no traffic. Declaring an
 * aws.ec2.DefaultSecurityGroup without rules makes Pulumi strip the AWS defaults (all traffic
 * from members, all egress); any rule declared on it is the finding.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { items } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsEc2DefaultSecurityGroupRestrictsAll = resourceRule({
  id: 'aws-ec2-default-security-group-restricts-all',
  title: 'Default security groups allow no inbound or outbound traffic',
  severity: 'medium',
  rationale:
    'Resources launched without an explicit security group land in the VPC default group. If it allows traffic, every such resource can reach, and be reached by, every other one, which defeats least-privilege network design and hides accidental exposure.',
  remediation:
    'Remove every ingress and egress rule from the aws.ec2.DefaultSecurityGroup (declare it with ingress: [] and egress: []) and give resources purpose-built security groups.',
  controls: controls({
    'cis-aws': ['5.4'],
    'nist-800-53': ['AC-4', 'SC-7', 'CM-7'],
    'pci-dss': ['1.3.1', '1.3.2'],
    hitrust: ['01.m', '01.n'],
    'iso-27001': ['A.8.20', 'A.8.22'],
    soc2: ['CC6.6'],
  }),
  resource: aws.ec2.DefaultSecurityGroup,
  validate(props, _args, report) {
    const ingress = items(props.ingress).length;
    const egress = items(props.egress).length;
    if (ingress === 0 && egress === 0) return;
    report(`Default security group allows traffic: ${ingress} ingress and ${egress} egress rule${ingress + egress === 1 ? '' : 's'} declared`);
  },
  remediate(props) {
    return { ...props, ingress: [], egress: [] };
  },
  examples: {
    pass: [{ type: 'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup', name: 'default', props: { vpcId: 'vpc-123' } }],
    fail: [
      {
        type: 'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup',
        name: 'default',
        props: {
          vpcId: 'vpc-123',
          ingress: [{ protocol: '-1', self: true, fromPort: 0, toPort: 0 }],
          egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] }],
        },
      },
    ],
  },
});

/** RDS instances are not publicly accessible. */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsRdsInstanceNotPublic = resourceRule({
  id: 'aws-rds-instance-not-public',
  title: 'RDS instances are not publicly accessible',
  severity: 'critical',
  rationale:
    'A publicly accessible instance gets an internet-resolvable address; one permissive security-group rule away, the database listener is open to credential stuffing and engine exploits from anywhere.',
  remediation: 'Set publiclyAccessible to false and reach the database from inside the VPC (application subnets, a bastion or SSM port forwarding).',
  controls: controls({
    'cis-aws': ['2.3.3'],
    'nist-800-53': ['AC-3', 'SC-7'],
    'pci-dss': ['1.4.4'],
    hitrust: ['01.n', '01.v'],
    'iso-27001': ['A.8.3', 'A.8.20'],
    soc2: ['CC6.1', 'CC6.6'],
  }),
  resource: aws.rds.Instance,
  validate(props, _args, report) {
    if (flag(props.publiclyAccessible) === true) report('RDS instance is publicly accessible: publiclyAccessible is true');
  },
  remediate(props) {
    return { ...props, publiclyAccessible: false };
  },
  examples: {
    pass: [
      { type: 'aws:rds/instance:Instance', name: 'orders', props: { engine: 'mysql', instanceClass: 'db.t3.micro', publiclyAccessible: false } },
    ],
    fail: [
      { type: 'aws:rds/instance:Instance', name: 'orders', props: { engine: 'mysql', instanceClass: 'db.t3.micro', publiclyAccessible: true } },
    ],
  },
});

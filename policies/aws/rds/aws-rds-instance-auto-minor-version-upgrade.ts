/** RDS instances take minor engine upgrades (security patches) automatically in their maintenance window. */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsRdsInstanceAutoMinorVersionUpgrade = resourceRule({
  id: 'aws-rds-instance-auto-minor-version-upgrade',
  title: 'RDS instances upgrade minor engine versions automatically',
  severity: 'medium',
  rationale:
    'Minor engine versions carry the security fixes for the database engine. With automatic upgrades off, known vulnerabilities stay in place until someone remembers to patch, which in practice is often never.',
  remediation: 'Set autoMinorVersionUpgrade to true (the default; applied in place, upgrades run in the maintenance window).',
  controls: controls({
    'cis-aws': ['2.3.2'],
    'nist-800-53': ['SI-2'],
    'pci-dss': ['6.3.3'],
    hitrust: ['10.m'],
    'iso-27001': ['A.8.8'],
    soc2: ['CC7.1'],
  }),
  resource: aws.rds.Instance,
  validate(props, _args, report) {
    if (flag(props.autoMinorVersionUpgrade) === false) report('RDS instance does not apply minor engine upgrades: autoMinorVersionUpgrade is false');
  },
  remediate(props) {
    return { ...props, autoMinorVersionUpgrade: true };
  },
  examples: {
    pass: [
      { type: 'aws:rds/instance:Instance', name: 'orders', props: { engine: 'postgres', instanceClass: 'db.t3.micro' } },
      { type: 'aws:rds/instance:Instance', name: 'reports', props: { engine: 'mysql', instanceClass: 'db.t3.micro', autoMinorVersionUpgrade: true } },
    ],
    fail: [{ type: 'aws:rds/instance:Instance', name: 'orders', props: { engine: 'postgres', instanceClass: 'db.t3.micro', autoMinorVersionUpgrade: false } }],
  },
});

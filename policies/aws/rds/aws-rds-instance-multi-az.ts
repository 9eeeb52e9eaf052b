/** RDS instances run a standby in a second availability zone. */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { isAurora, isReplica } from '../../lib/rds.ts';
import { flag, isSecret, shown } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsRdsInstanceMultiAz = resourceRule({
  id: 'aws-rds-instance-multi-az',
  title: 'RDS instances are deployed Multi-AZ',
  severity: 'low',
  rationale:
    'A single-AZ instance is down for the length of an AZ outage or a host failure and loses writes since the last backup; Multi-AZ fails over to a synchronous standby in minutes.',
  remediation: 'Set multiAz to true (applied in place during the maintenance window; doubles the instance cost).',
  controls: controls({
    'nist-800-53': ['CP-10', 'SC-36'],
    'iso-27001': ['A.8.14'],
    soc2: ['A1.2'],
  }),
  resource: aws.rds.Instance,
  validate(props, _args, report) {
    // Aurora replicates storage across AZs at the cluster; replicas are themselves the redundancy.
    if (isAurora(props) || isReplica(props) || flag(props.multiAz) === true || isSecret(props.multiAz)) return;
    report(`RDS instance runs in a single availability zone: multiAz is ${shown(props.multiAz)}`);
  },
  remediate(props) {
    return { ...props, multiAz: true };
  },
  examples: {
    pass: [{ type: 'aws:rds/instance:Instance', name: 'orders', props: { engine: 'mysql', instanceClass: 'db.m6g.large', multiAz: true } }],
    fail: [{ type: 'aws:rds/instance:Instance', name: 'orders', props: { engine: 'mysql', instanceClass: 'db.m6g.large', multiAz: false } }],
  },
});

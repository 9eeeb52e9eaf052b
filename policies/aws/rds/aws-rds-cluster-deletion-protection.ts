/** RDS clusters cannot be deleted without first turning deletion protection off. */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, shown } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsRdsClusterDeletionProtection = resourceRule({
  id: 'aws-rds-cluster-deletion-protection',
  title: 'RDS clusters have deletion protection enabled',
  severity: 'medium',
  rationale:
    'A mistaken destroy, a replacement triggered by an innocent-looking change, or a compromised credential can delete a cluster and, by default, its automated backups with it. Deletion protection turns that into a deliberate two-step action.',
  remediation: 'Set deletionProtection to true (applied in place).',
  controls: controls({
    'nist-800-53': ['SI-12'],
    hitrust: ['06.c'],
    'iso-27001': ['A.5.33'],
    soc2: ['A1.2', 'C1.1'],
  }),
  resource: aws.rds.Cluster,
  validate(props, _args, report) {
    if (flag(props.deletionProtection) === true || isSecret(props.deletionProtection)) return;
    report(`RDS cluster can be deleted without protection: deletionProtection is ${shown(props.deletionProtection)}`);
  },
  remediate(props) {
    return { ...props, deletionProtection: true };
  },
  examples: {
    pass: [{ type: 'aws:rds/cluster:Cluster', name: 'orders', props: { engine: 'aurora-postgresql', deletionProtection: true } }],
    fail: [{ type: 'aws:rds/cluster:Cluster', name: 'orders', props: { engine: 'aurora-postgresql' } }],
  },
});

/** Redshift clusters are not publicly accessible. */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsRedshiftClusterNotPublic = resourceRule({
  id: 'aws-redshift-cluster-not-public',
  title: 'Redshift clusters are not publicly accessible',
  severity: 'critical',
  rationale:
    'A publicly accessible cluster gets an internet-resolvable address; one permissive security-group rule away, the warehouse listener is open to credential stuffing and exploits from anywhere, with the whole analytical data set behind it.',
  remediation: 'Set publiclyAccessible to false (applied in place) and reach the cluster from inside the VPC or through a Redshift-managed VPC endpoint.',
  controls: controls({
    'nist-800-53': ['AC-3', 'SC-7'],
    'pci-dss': ['1.4.4'],
    hitrust: ['01.n', '01.v'],
    'iso-27001': ['A.8.3', 'A.8.20'],
    soc2: ['CC6.1', 'CC6.6'],
  }),
  resource: aws.redshift.Cluster,
  validate(props, _args, report) {
    if (flag(props.publiclyAccessible) === true) report('Redshift cluster is publicly accessible: publiclyAccessible is true');
  },
  remediate(props) {
    return { ...props, publiclyAccessible: false };
  },
  examples: {
    pass: [{ type: 'aws:redshift/cluster:Cluster', name: 'warehouse', props: { clusterIdentifier: 'warehouse', nodeType: 'ra3.xlplus', publiclyAccessible: false } }],
    fail: [{ type: 'aws:redshift/cluster:Cluster', name: 'warehouse', props: { clusterIdentifier: 'warehouse', nodeType: 'ra3.xlplus', publiclyAccessible: true } }],
  },
});

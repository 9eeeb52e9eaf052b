/**
 * Redshift clusters are encrypted at rest. Provisioned clusters can be encrypted in place (Redshift
 * migrates the data while the cluster stays readable), so this one has a property fix.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, present } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsRedshiftClusterEncrypted = resourceRule({
  id: 'aws-redshift-cluster-encrypted',
  title: 'Redshift clusters are encrypted at rest',
  severity: 'high',
  rationale:
    'A warehouse holds the organisation\'s combined data. Unencrypted, its storage and every automated or manual snapshot are readable by whoever obtains them, including snapshots shared to other accounts.',
  remediation: 'Set encrypted to "true" (optionally with kmsKeyId); Redshift encrypts the existing cluster in place, with the cluster read-only during the migration.',
  controls: controls({
    'nist-800-53': ['SC-28', 'SC-28(1)'],
    'pci-dss': ['3.5.1'],
    hitrust: ['06.d'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.1'],
  }),
  resource: aws.redshift.Cluster,
  validate(props, _args, report) {
    // The provider defaults `encrypted` to true; only an explicit false is unencrypted.
    if (flag(props.encrypted) === false && !present(props.kmsKeyId)) report('Redshift cluster is not encrypted at rest: encrypted is "false"');
  },
  remediate(props) {
    return { ...props, encrypted: 'true' };
  },
  examples: {
    pass: [
      { type: 'aws:redshift/cluster:Cluster', name: 'warehouse', props: { clusterIdentifier: 'warehouse', nodeType: 'ra3.xlplus' } },
      { type: 'aws:redshift/cluster:Cluster', name: 'analytics', props: { clusterIdentifier: 'analytics', nodeType: 'ra3.xlplus', encrypted: 'true' } },
    ],
    fail: [{ type: 'aws:redshift/cluster:Cluster', name: 'warehouse', props: { clusterIdentifier: 'warehouse', nodeType: 'ra3.xlplus', encrypted: 'false' } }],
  },
});

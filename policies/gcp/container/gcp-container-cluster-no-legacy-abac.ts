/** GKE clusters have legacy ABAC disabled, so Kubernetes RBAC is the only authorizer. */
import { controls } from '../../lib/controls.ts';
import { CLUSTER, type ClusterProps } from '../../lib/gcp-container.ts';
import { flag } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

export const gcpContainerClusterNoLegacyAbac = tokenRule<ClusterProps>({
  id: 'gcp-container-cluster-no-legacy-abac',
  title: 'GKE clusters have legacy ABAC disabled',
  severity: 'high',
  rationale:
    'Legacy ABAC grants broad, static permissions outside RBAC (historically full API access to every service account), so RBAC restrictions can be bypassed and cannot be audited in one place.',
  remediation: 'Set enableLegacyAbac to false and grant access through Kubernetes RBAC and IAM.',
  controls: controls({
    'nist-800-53': ['AC-3', 'AC-6'],
    'pci-dss': ['7.2.1'],
    hitrust: ['01.c'],
    'iso-27001': ['A.5.15', 'A.8.2'],
    soc2: ['CC6.3'],
  }),
  resourceType: CLUSTER,
  validate(props, _args, report) {
    if (flag(props.enableLegacyAbac) === true) report('GKE cluster authorizes requests with legacy ABAC: enableLegacyAbac is true');
  },
  remediate(props) {
    return flag(props.enableLegacyAbac) === true ? { ...props, enableLegacyAbac: false } : undefined;
  },
  examples: {
    pass: [{ type: CLUSTER, name: 'prod', props: { location: 'europe-west1', enableLegacyAbac: false } }],
    fail: [{ type: CLUSTER, name: 'prod', props: { location: 'europe-west1', enableLegacyAbac: true } }],
  },
});

/**
 * GKE clusters enforce Kubernetes NetworkPolicies: GKE Dataplane V2 (ADVANCED_DATAPATH, always on
 * in Autopilot) or the Calico network policy add-on. The fix enables Calico: enabling it
 * re-creates the node pools' nodes, which the PR reviewer should know before merging.
 */
import { controls } from '../../lib/controls.ts';
import { CLUSTER, type ClusterProps } from '../../lib/gcp-container.ts';
import { dig, setIn } from '../../lib/k8s-workload.ts';
import { flag, isSecret, record, shown, text } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

function unenforced(props: Record<string, unknown>): string | undefined {
  if (flag(props.enableAutopilot) === true || isSecret(props.enableAutopilot)) return undefined;
  if (isSecret(props.datapathProvider) || text(props.datapathProvider) === 'ADVANCED_DATAPATH') return undefined;
  const enabled = dig(props, 'networkPolicy', 'enabled');
  if (isSecret(enabled) || flag(enabled) === true) return undefined;
  return `networkPolicy.enabled is ${shown(enabled)} and datapathProvider is ${shown(props.datapathProvider)}`;
}

export const gcpContainerClusterNetworkPolicy = tokenRule<ClusterProps>({
  id: 'gcp-container-cluster-network-policy',
  title: 'GKE clusters enforce Kubernetes network policies',
  severity: 'medium',
  rationale:
    'Without an enforcing dataplane, NetworkPolicy objects are accepted and silently ignored: every pod can reach every other pod, and the segmentation the manifests describe does not exist.',
  remediation: 'Use GKE Dataplane V2 (datapathProvider ADVANCED_DATAPATH) for new clusters, or enable networkPolicy { enabled: true, provider: CALICO } with addonsConfig.networkPolicyConfig.disabled false.',
  controls: controls({
    'nist-800-53': ['AC-4', 'SC-7'],
    'pci-dss': ['1.2.1'],
    hitrust: ['01.m'],
    'iso-27001': ['A.8.22'],
    soc2: ['CC6.6'],
  }),
  resourceType: CLUSTER,
  validate(props, _args, report) {
    const why = unenforced(props);
    if (why) report(`GKE cluster does not enforce NetworkPolicies: ${why}`);
  },
  remediate(props) {
    if (!unenforced(props)) return undefined;
    const withPolicy = { ...props, networkPolicy: { ...(record(props.networkPolicy) ?? {}), enabled: true, provider: 'CALICO' } };
    const addon = record(dig(props, 'addonsConfig', 'networkPolicyConfig')) ?? {};
    return setIn(withPolicy, ['addonsConfig', 'networkPolicyConfig'], { ...addon, disabled: false });
  },
  examples: {
    pass: [
      { type: CLUSTER, name: 'prod', props: { location: 'europe-west1', datapathProvider: 'ADVANCED_DATAPATH' } },
      { type: CLUSTER, name: 'autopilot', props: { location: 'europe-west1', enableAutopilot: true } },
      {
        type: CLUSTER,
        name: 'calico',
        props: { location: 'europe-west1', networkPolicy: { enabled: true, provider: 'CALICO' }, addonsConfig: { networkPolicyConfig: { disabled: false } } },
      },
    ],
    fail: [
      { type: CLUSTER, name: 'prod', props: { location: 'europe-west1' } },
      { type: CLUSTER, name: 'staging', props: { location: 'europe-west1', networkPolicy: { enabled: false }, addonsConfig: { httpLoadBalancing: { disabled: false } } } },
    ],
  },
});

/**
 * GKE clusters use private nodes (no external IPs). No property fix: converting a cluster to
 * private nodes needs Cloud NAT for egress and, on older clusters, a new cluster.
 */
import { controls } from '../../lib/controls.ts';
import { CLUSTER, type ClusterProps } from '../../lib/gcp-container.ts';
import { dig } from '../../lib/k8s-workload.ts';
import { flag, isSecret, shown } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

export const gcpContainerClusterPrivateNodes = tokenRule<ClusterProps>({
  id: 'gcp-container-cluster-private-nodes',
  title: 'GKE clusters use private nodes',
  severity: 'medium',
  rationale:
    'Nodes with public IP addresses are reachable from the internet: every NodePort, hostPort and node service (kubelet, SSH) is one firewall mistake away from exposure. Private nodes have only internal addresses and reach out through Cloud NAT.',
  remediation: 'Set privateClusterConfig.enablePrivateNodes to true (with masterIpv4CidrBlock and Cloud NAT for egress); recreate node pools or the cluster where GKE cannot convert it in place.',
  controls: controls({
    'nist-800-53': ['AC-4', 'SC-7'],
    'pci-dss': ['1.3.1', '1.4.1'],
    hitrust: ['01.m', '01.n'],
    'iso-27001': ['A.8.20', 'A.8.22'],
    soc2: ['CC6.6'],
  }),
  resourceType: CLUSTER,
  validate(props, _args, report) {
    const enabled = dig(props, 'privateClusterConfig', 'enablePrivateNodes');
    if (isSecret(enabled) || flag(enabled) === true) return;
    report(`GKE cluster nodes get public IP addresses: privateClusterConfig.enablePrivateNodes is ${shown(enabled)}`);
  },
  examples: {
    pass: [{ type: CLUSTER, name: 'prod', props: { location: 'europe-west1', privateClusterConfig: { enablePrivateNodes: true, masterIpv4CidrBlock: '172.16.0.0/28' } } }],
    fail: [{ type: CLUSTER, name: 'prod', props: { location: 'europe-west1' } }],
  },
});

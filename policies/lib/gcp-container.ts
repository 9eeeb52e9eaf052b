/** GKE cluster input shape (@pulumi/gcp `container.Cluster`). */

export const CLUSTER = 'gcp:container/cluster:Cluster';

export interface ClusterProps {
  location: string;
  enableAutopilot: boolean;
  enableLegacyAbac: boolean;
  datapathProvider: string;
  networkPolicy: { enabled?: boolean; provider?: string };
  addonsConfig: { networkPolicyConfig?: { disabled?: boolean } };
  privateClusterConfig: { enablePrivateNodes?: boolean; enablePrivateEndpoint?: boolean; masterIpv4CidrBlock?: string };
}

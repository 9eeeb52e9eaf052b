/** AKS cluster input shape (azure-native `containerservice.ManagedCluster`). */

export const MANAGED_CLUSTER = 'azure-native:containerservice:ManagedCluster';

export interface ManagedClusterProps {
  resourceName: string;
  resourceGroupName: string;
  dnsPrefix: string;
  enableRBAC: boolean;
  disableLocalAccounts: boolean;
  aadProfile: { managed?: boolean; enableAzureRBAC?: boolean };
  apiServerAccessProfile: { authorizedIPRanges?: string[]; enablePrivateCluster?: boolean };
}

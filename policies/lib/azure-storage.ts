/** Storage account input shape (azure-native `storage.StorageAccount`; top-level properties, no `properties` nesting). */

export const STORAGE_ACCOUNT = 'azure-native:storage:StorageAccount';

export interface StorageAccountProps {
  accountName: string;
  resourceGroupName: string;
  kind: string;
  sku: { name?: string };
  enableHttpsTrafficOnly: boolean;
  /** The ARM property name, as exports and older tooling spell it. */
  supportsHttpsTrafficOnly: boolean;
  minimumTlsVersion: string;
  allowBlobPublicAccess: boolean;
  publicNetworkAccess: string;
  networkRuleSet: { defaultAction?: string; bypass?: string; ipRules?: { iPAddressOrRange?: string }[]; virtualNetworkRules?: { virtualNetworkResourceId?: string }[] };
}

/**
 * Key Vault input shape (azure-native `keyvault.Vault`): unlike most azure-native resources, the
 * vault's settings are nested under `properties`.
 */
import { setIn } from './k8s-workload.ts';
import { record } from './values.ts';

export const VAULT = 'azure-native:keyvault:Vault';

export interface VaultProps {
  vaultName: string;
  resourceGroupName: string;
  location: string;
  properties: {
    tenantId?: string;
    sku?: { family?: string; name?: string };
    accessPolicies?: Record<string, unknown>[];
    enableSoftDelete?: boolean;
    enablePurgeProtection?: boolean;
    enableRbacAuthorization?: boolean;
    publicNetworkAccess?: string;
    networkAcls?: { defaultAction?: string; bypass?: string; ipRules?: { value?: string }[] };
  };
}

/** The vault with fields of `properties` set, the others kept. */
export function withVaultProperties(props: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  return setIn(props, ['properties'], { ...(record(props.properties) ?? {}), ...patch });
}

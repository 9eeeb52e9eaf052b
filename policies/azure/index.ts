/** The azure rules, listed explicitly and sorted by id; policies/index.ts merges every provider's list. */
import { azureComputeDiskCustomerManagedKey } from './compute/azure-compute-disk-customer-managed-key.ts';
import { azureAksApiServerRestricted } from './containerservice/azure-aks-api-server-restricted.ts';
import { azureAksRbacEnabled } from './containerservice/azure-aks-rbac-enabled.ts';
import { azurePostgresqlConfigurationSecureTransport } from './dbforpostgresql/azure-postgresql-configuration-secure-transport.ts';
import { azurePostgresqlServerNoPublicNetworkAccess } from './dbforpostgresql/azure-postgresql-server-no-public-network-access.ts';
import { azureKeyvaultNetworkDefaultDeny } from './keyvault/azure-keyvault-network-default-deny.ts';
import { azureKeyvaultPurgeProtection } from './keyvault/azure-keyvault-purge-protection.ts';
import { azureKeyvaultRbacAuthorization } from './keyvault/azure-keyvault-rbac-authorization.ts';
import { azureNetworkNsgNoPublicRdp } from './network/azure-network-nsg-no-public-rdp.ts';
import { azureNetworkNsgNoPublicSsh } from './network/azure-network-nsg-no-public-ssh.ts';
import { azureNetworkSecurityRuleNoPublicRdp } from './network/azure-network-security-rule-no-public-rdp.ts';
import { azureNetworkSecurityRuleNoPublicSsh } from './network/azure-network-security-rule-no-public-ssh.ts';
import { azureSqlServerMinTls12 } from './sql/azure-sql-server-min-tls-12.ts';
import { azureSqlServerNoPublicNetworkAccess } from './sql/azure-sql-server-no-public-network-access.ts';
import { azureStorageAccountDefaultNetworkDeny } from './storage/azure-storage-account-default-network-deny.ts';
import { azureStorageAccountHttpsOnly } from './storage/azure-storage-account-https-only.ts';
import { azureStorageAccountMinTls12 } from './storage/azure-storage-account-min-tls-12.ts';
import { azureStorageAccountNoPublicBlobAccess } from './storage/azure-storage-account-no-public-blob-access.ts';
import { azureWebAppFtpsOnly } from './web/azure-web-app-ftps-only.ts';
import { azureWebAppHttpsOnly } from './web/azure-web-app-https-only.ts';
import { azureWebAppMinTls12 } from './web/azure-web-app-min-tls-12.ts';
import type { Rule } from '../rule.ts';

export const azureRules: readonly Rule[] = [
  azureAksApiServerRestricted,
  azureAksRbacEnabled,
  azureComputeDiskCustomerManagedKey,
  azureKeyvaultNetworkDefaultDeny,
  azureKeyvaultPurgeProtection,
  azureKeyvaultRbacAuthorization,
  azureNetworkNsgNoPublicRdp,
  azureNetworkNsgNoPublicSsh,
  azureNetworkSecurityRuleNoPublicRdp,
  azureNetworkSecurityRuleNoPublicSsh,
  azurePostgresqlConfigurationSecureTransport,
  azurePostgresqlServerNoPublicNetworkAccess,
  azureSqlServerMinTls12,
  azureSqlServerNoPublicNetworkAccess,
  azureStorageAccountDefaultNetworkDeny,
  azureStorageAccountHttpsOnly,
  azureStorageAccountMinTls12,
  azureStorageAccountNoPublicBlobAccess,
  azureWebAppFtpsOnly,
  azureWebAppHttpsOnly,
  azureWebAppMinTls12,
];

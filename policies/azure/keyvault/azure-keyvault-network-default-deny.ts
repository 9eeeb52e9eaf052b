/**
 * Key vaults deny network access by default. The fix sets networkAcls.defaultAction to Deny and
 * keeps trusted Azure services (bypass AzureServices) unless the declaration already chose.
 */
import { controls } from '../../lib/controls.ts';
import { VAULT, withVaultProperties, type VaultProps } from '../../lib/azure-keyvault.ts';
import { dig } from '../../lib/k8s-workload.ts';
import { isSecret, present, record, shown, text } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

function openByDefault(props: Record<string, unknown>): boolean {
  if (isSecret(props.properties)) return false;
  const publicAccess = dig(props, 'properties', 'publicNetworkAccess');
  if (isSecret(publicAccess) || text(publicAccess)?.toLowerCase() === 'disabled') return false;
  const action = dig(props, 'properties', 'networkAcls', 'defaultAction');
  return !isSecret(action) && text(action) !== 'Deny';
}

export const azureKeyvaultNetworkDefaultDeny = tokenRule<VaultProps>({
  id: 'azure-keyvault-network-default-deny',
  title: 'Key vaults deny network access by default',
  severity: 'medium',
  rationale:
    'A vault that accepts connections from all networks lets a stolen token or client secret be used from anywhere on the internet to read keys and secrets; a default Deny confines use to listed networks, private endpoints and trusted Azure services.',
  remediation: 'Set properties.networkAcls.defaultAction to "Deny" with bypass "AzureServices", and add ipRules, virtualNetworkRules or a private endpoint for the clients.',
  controls: controls({
    'nist-800-53': ['AC-4', 'SC-7'],
    'pci-dss': ['1.3.1'],
    hitrust: ['01.n'],
    'iso-27001': ['A.8.20'],
    soc2: ['CC6.6'],
  }),
  resourceType: VAULT,
  validate(props, _args, report) {
    if (!openByDefault(props)) return;
    report(`Key vault accepts connections from any network: properties.networkAcls.defaultAction is ${shown(dig(props, 'properties', 'networkAcls', 'defaultAction'))}`);
  },
  remediate(props) {
    if (!openByDefault(props)) return undefined;
    const acls = record(dig(props, 'properties', 'networkAcls')) ?? {};
    return withVaultProperties(props, { networkAcls: { ...acls, defaultAction: 'Deny', ...(present(acls.bypass) ? {} : { bypass: 'AzureServices' }) } });
  },
  examples: {
    pass: [
      {
        type: VAULT,
        name: 'keys',
        props: {
          resourceGroupName: 'shop',
          properties: { tenantId: '00000000-0000-0000-0000-000000000000', sku: { family: 'A', name: 'standard' }, networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' } },
        },
      },
    ],
    fail: [
      { type: VAULT, name: 'keys', props: { resourceGroupName: 'shop', properties: { tenantId: '00000000-0000-0000-0000-000000000000', sku: { family: 'A', name: 'standard' } } } },
      {
        type: VAULT,
        name: 'app-secrets',
        props: {
          resourceGroupName: 'shop',
          properties: { tenantId: '00000000-0000-0000-0000-000000000000', sku: { family: 'A', name: 'standard' }, networkAcls: { defaultAction: 'Allow', bypass: 'None' } },
        },
      },
    ],
  },
});

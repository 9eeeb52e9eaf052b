/**
 * Storage accounts deny network access by default and allow only listed networks. The fix sets
 * networkRuleSet.defaultAction to Deny and keeps trusted Azure services (bypass AzureServices)
 * unless the declaration already says otherwise.
 */
import { controls } from '../../lib/controls.ts';
import { STORAGE_ACCOUNT, type StorageAccountProps } from '../../lib/azure-storage.ts';
import { dig } from '../../lib/k8s-workload.ts';
import { isSecret, present, record, shown, text } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

function openByDefault(props: Partial<StorageAccountProps>): boolean {
  if (isSecret(props.publicNetworkAccess) || text(props.publicNetworkAccess) === 'Disabled') return false;
  const action = dig(props, 'networkRuleSet', 'defaultAction');
  return !isSecret(action) && text(action) !== 'Deny';
}

export const azureStorageAccountDefaultNetworkDeny = tokenRule<StorageAccountProps>({
  id: 'azure-storage-account-default-network-deny',
  title: 'Storage accounts deny network access by default',
  severity: 'medium',
  rationale:
    'With defaultAction Allow the account endpoints accept requests from any network, so a leaked key or SAS token works from anywhere on the internet; a default Deny limits use to listed networks, private endpoints and trusted Azure services.',
  remediation: 'Set networkRuleSet.defaultAction to "Deny" with bypass "AzureServices", and add ipRules/virtualNetworkRules or private endpoints for the clients that need access.',
  controls: controls({
    'nist-800-53': ['AC-4', 'SC-7'],
    'pci-dss': ['1.3.1', '1.4.4'],
    hitrust: ['01.n'],
    'iso-27001': ['A.8.20'],
    soc2: ['CC6.6'],
  }),
  resourceType: STORAGE_ACCOUNT,
  validate(props, _args, report) {
    if (openByDefault(props)) report(`Storage account accepts requests from any network: networkRuleSet.defaultAction is ${shown(dig(props, 'networkRuleSet', 'defaultAction'))}`);
  },
  remediate(props) {
    if (!openByDefault(props)) return undefined;
    const rules = record(props.networkRuleSet) ?? {};
    return { ...props, networkRuleSet: { ...rules, defaultAction: 'Deny', ...(present(rules.bypass) ? {} : { bypass: 'AzureServices' }) } };
  },
  examples: {
    pass: [
      {
        type: STORAGE_ACCOUNT,
        name: 'data',
        props: { resourceGroupName: 'shop', kind: 'StorageV2', networkRuleSet: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [{ iPAddressOrRange: '203.0.113.0/24' }] } },
      },
      { type: STORAGE_ACCOUNT, name: 'private', props: { resourceGroupName: 'shop', kind: 'StorageV2', publicNetworkAccess: 'Disabled' } },
    ],
    fail: [
      { type: STORAGE_ACCOUNT, name: 'data', props: { resourceGroupName: 'shop', kind: 'StorageV2' } },
      { type: STORAGE_ACCOUNT, name: 'logs', props: { resourceGroupName: 'shop', kind: 'StorageV2', networkRuleSet: { defaultAction: 'Allow', bypass: 'Logging, Metrics' } } },
    ],
  },
});

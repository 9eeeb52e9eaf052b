/**
 * Storage accounts accept only HTTPS. azure-native names the input enableHttpsTrafficOnly; ARM
 * exports call it supportsHttpsTrafficOnly. Unset means true (the default since API 2019-04-01).
 */
import { controls } from '../../lib/controls.ts';
import { STORAGE_ACCOUNT, type StorageAccountProps } from '../../lib/azure-storage.ts';
import { flag } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

function httpAllowedBy(props: Partial<StorageAccountProps>): 'enableHttpsTrafficOnly' | 'supportsHttpsTrafficOnly' | undefined {
  if (flag(props.enableHttpsTrafficOnly) === false) return 'enableHttpsTrafficOnly';
  if (props.enableHttpsTrafficOnly === undefined && flag(props.supportsHttpsTrafficOnly) === false) return 'supportsHttpsTrafficOnly';
  return undefined;
}

export const azureStorageAccountHttpsOnly = tokenRule<StorageAccountProps>({
  id: 'azure-storage-account-https-only',
  title: 'Storage accounts accept only HTTPS requests',
  severity: 'high',
  rationale:
    'Over plain HTTP, shared keys\' signatures, SAS tokens and the data itself cross the network readable and modifiable by anyone on the path.',
  remediation: 'Set enableHttpsTrafficOnly to true (HTTP requests are then refused; Azure Files over SMB requires SMB 3.x encryption).',
  controls: controls({
    'nist-800-53': ['SC-8', 'SC-8(1)'],
    'pci-dss': ['4.2.1'],
    hitrust: ['10.f'],
    'iso-27001': ['A.8.24', 'A.5.14'],
    soc2: ['CC6.7'],
  }),
  resourceType: STORAGE_ACCOUNT,
  validate(props, _args, report) {
    const field = httpAllowedBy(props);
    if (field) report(`Storage account accepts unencrypted HTTP requests: ${field} is false`);
  },
  remediate(props) {
    const field = httpAllowedBy(props);
    return field ? { ...props, [field]: true } : undefined;
  },
  examples: {
    pass: [
      { type: STORAGE_ACCOUNT, name: 'data', props: { resourceGroupName: 'shop', kind: 'StorageV2', sku: { name: 'Standard_LRS' }, enableHttpsTrafficOnly: true } },
      { type: STORAGE_ACCOUNT, name: 'logs', props: { resourceGroupName: 'shop', kind: 'StorageV2', sku: { name: 'Standard_LRS' } } },
    ],
    fail: [
      { type: STORAGE_ACCOUNT, name: 'data', props: { resourceGroupName: 'shop', kind: 'StorageV2', sku: { name: 'Standard_LRS' }, enableHttpsTrafficOnly: false } },
      { type: STORAGE_ACCOUNT, name: 'legacy', props: { resourceGroupName: 'shop', kind: 'Storage', supportsHttpsTrafficOnly: false } },
    ],
  },
});

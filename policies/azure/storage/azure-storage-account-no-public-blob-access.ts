/**
 * Storage accounts forbid anonymous blob access. Unset is reported: its meaning depends on the
 * API version the provider uses (true before 2023-01-01, false after), so only an explicit false
 * is a guarantee.
 */
import { controls } from '../../lib/controls.ts';
import { STORAGE_ACCOUNT, type StorageAccountProps } from '../../lib/azure-storage.ts';
import { flag, isSecret, shown } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

function allowsPublic(props: Partial<StorageAccountProps>): boolean {
  return !isSecret(props.allowBlobPublicAccess) && flag(props.allowBlobPublicAccess) !== false;
}

export const azureStorageAccountNoPublicBlobAccess = tokenRule<StorageAccountProps>({
  id: 'azure-storage-account-no-public-blob-access',
  title: 'Storage accounts do not allow anonymous blob access',
  severity: 'high',
  rationale:
    'While the account allows it, any container can be switched to public access, after which anyone on the internet can list and read its blobs without credentials; turning it off at the account level makes that impossible.',
  remediation: 'Set allowBlobPublicAccess to false; serve public content through Azure Front Door/CDN or SAS tokens.',
  controls: controls({
    'nist-800-53': ['AC-3', 'AC-4', 'SC-7'],
    'pci-dss': ['1.4.4'],
    hitrust: ['01.v'],
    'iso-27001': ['A.8.3', 'A.5.15'],
    soc2: ['CC6.1', 'CC6.6'],
  }),
  resourceType: STORAGE_ACCOUNT,
  validate(props, _args, report) {
    if (allowsPublic(props)) report(`Storage account allows anonymous blob access: allowBlobPublicAccess is ${shown(props.allowBlobPublicAccess)}`);
  },
  remediate(props) {
    return allowsPublic(props) ? { ...props, allowBlobPublicAccess: false } : undefined;
  },
  examples: {
    pass: [{ type: STORAGE_ACCOUNT, name: 'data', props: { resourceGroupName: 'shop', kind: 'StorageV2', allowBlobPublicAccess: false } }],
    fail: [
      { type: STORAGE_ACCOUNT, name: 'data', props: { resourceGroupName: 'shop', kind: 'StorageV2', allowBlobPublicAccess: true } },
      { type: STORAGE_ACCOUNT, name: 'assets', props: { resourceGroupName: 'shop', kind: 'StorageV2' } },
    ],
  },
});

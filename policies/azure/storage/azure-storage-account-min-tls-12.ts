/** Storage accounts refuse TLS versions older than 1.2. Unset is interpreted as TLS 1.0. */
import { STORAGE_ACCOUNT, type StorageAccountProps } from '../../lib/azure-storage.ts';
import { minimumTlsRule } from '../../lib/azure-tls.ts';
import { controls } from '../../lib/controls.ts';

export const azureStorageAccountMinTls12 = minimumTlsRule<StorageAccountProps>({
  id: 'azure-storage-account-min-tls-12',
  title: 'Storage accounts require TLS 1.2 or later',
  severity: 'medium',
  rationale:
    'TLS 1.0 and 1.1 have known weaknesses (BEAST, POODLE-class downgrades, weak cipher suites) and are deprecated by RFC 8996; accepting them lets an attacker on the path force a client onto a breakable protocol.',
  remediation: 'Set minimumTlsVersion to "TLS1_2" (check first that no client still negotiates TLS 1.0/1.1, via the storage account\'s request logs).',
  controls: controls({
    'nist-800-53': ['SC-8', 'SC-8(1)', 'SC-13'],
    'pci-dss': ['4.2.1'],
    hitrust: ['10.f'],
    'iso-27001': ['A.8.24', 'A.5.14'],
    soc2: ['CC6.7'],
  }),
  resourceType: STORAGE_ACCOUNT,
  property: 'minimumTlsVersion',
  modern: ['TLS1_2', 'TLS1_3'],
  fix: 'TLS1_2',
  subject: 'Storage account',
  unsetMeans: 'TLS 1.0',
  examples: {
    pass: [{ type: STORAGE_ACCOUNT, name: 'data', props: { resourceGroupName: 'shop', kind: 'StorageV2', minimumTlsVersion: 'TLS1_2' } }],
    fail: [
      { type: STORAGE_ACCOUNT, name: 'data', props: { resourceGroupName: 'shop', kind: 'StorageV2' } },
      { type: STORAGE_ACCOUNT, name: 'legacy', props: { resourceGroupName: 'shop', kind: 'StorageV2', minimumTlsVersion: 'TLS1_0' } },
    ],
  },
});

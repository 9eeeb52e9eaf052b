/**
 * Managed disks are encrypted with a customer-managed key (through a disk encryption set) or
 * Azure Disk Encryption. Every managed disk is already encrypted with a platform key; this rule is
 * about who controls the key. No property fix: the disk encryption set and its Key Vault key have
 * to exist first.
 */
import { controls } from '../../lib/controls.ts';
import { dig } from '../../lib/k8s-workload.ts';
import { flag, isSecret, present, shown, text } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

interface DiskProps {
  diskName: string;
  resourceGroupName: string;
  creationData: { createOption?: string };
  diskSizeGB: number;
  encryption: { type?: string; diskEncryptionSetId?: string };
  encryptionSettingsCollection: { enabled?: boolean };
}

const TYPE = 'azure-native:compute:Disk';

export const azureComputeDiskCustomerManagedKey = tokenRule<DiskProps>({
  id: 'azure-compute-disk-customer-managed-key',
  title: 'Managed disks are encrypted with a customer-managed key',
  severity: 'low',
  rationale:
    'With platform-managed keys Microsoft holds the only key: the organisation cannot rotate it on its own schedule, revoke access to a disk, or show an auditor key custody. A customer-managed key in Key Vault puts all three in its hands.',
  remediation: 'Create a disk encryption set backed by a Key Vault key and set encryption.type to EncryptionAtRestWithCustomerKey (or EncryptionAtRestWithPlatformAndCustomerKeys) with encryption.diskEncryptionSetId.',
  controls: controls({
    'nist-800-53': ['SC-12', 'SC-28', 'SC-28(1)'],
    'pci-dss': ['3.5.1', '3.6.1'],
    hitrust: ['06.d', '10.g'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.1'],
  }),
  resourceType: TYPE,
  validate(props, _args, report) {
    const type = dig(props, 'encryption', 'type');
    if (isSecret(props.encryption) || isSecret(type) || present(dig(props, 'encryption', 'diskEncryptionSetId'))) return;
    if (text(type)?.includes('CustomerKey')) return;
    const ade = dig(props, 'encryptionSettingsCollection', 'enabled');
    if (isSecret(ade) || flag(ade) === true) return;
    report(`Managed disk is encrypted only with a platform-managed key: encryption.type is ${shown(type)}`);
  },
  examples: {
    pass: [
      {
        type: TYPE,
        name: 'data',
        props: {
          resourceGroupName: 'shop',
          creationData: { createOption: 'Empty' },
          diskSizeGB: 128,
          encryption: { type: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: '/subscriptions/0000/resourceGroups/shop/providers/Microsoft.Compute/diskEncryptionSets/cmk' },
        },
      },
    ],
    fail: [
      { type: TYPE, name: 'data', props: { resourceGroupName: 'shop', creationData: { createOption: 'Empty' }, diskSizeGB: 128 } },
      { type: TYPE, name: 'logs', props: { resourceGroupName: 'shop', creationData: { createOption: 'Empty' }, diskSizeGB: 64, encryption: { type: 'EncryptionAtRestWithPlatformKey' } } },
    ],
  },
});

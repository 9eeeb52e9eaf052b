/**
 * Key vaults have soft delete and purge protection on. Purge protection cannot be turned off
 * again once on, which is the point; the PR body says so.
 */
import { controls } from '../../lib/controls.ts';
import { VAULT, withVaultProperties, type VaultProps } from '../../lib/azure-keyvault.ts';
import { dig } from '../../lib/k8s-workload.ts';
import { flag, isSecret, shown } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

function gaps(props: Record<string, unknown>): string[] {
  if (isSecret(props.properties)) return [];
  const softDelete = dig(props, 'properties', 'enableSoftDelete');
  const purge = dig(props, 'properties', 'enablePurgeProtection');
  const found: string[] = [];
  // Soft delete defaults to on and can no longer be turned off; only an explicit false is a finding.
  if (flag(softDelete) === false) found.push('properties.enableSoftDelete is false');
  if (!isSecret(purge) && flag(purge) !== true) found.push(`properties.enablePurgeProtection is ${shown(purge)}`);
  return found;
}

export const azureKeyvaultPurgeProtection = tokenRule<VaultProps>({
  id: 'azure-keyvault-purge-protection',
  title: 'Key vaults have soft delete and purge protection enabled',
  severity: 'medium',
  rationale:
    'Without purge protection, a deleted vault or key can be purged immediately, by mistake or by an attacker with enough rights; every disk, database and storage account encrypted with those keys becomes unreadable for good.',
  remediation: 'Set properties.enableSoftDelete and properties.enablePurgeProtection to true (purge protection cannot be disabled afterwards).',
  controls: controls({
    'nist-800-53': ['SC-12', 'CP-9'],
    hitrust: ['10.g'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.1', 'A1.2'],
  }),
  resourceType: VAULT,
  validate(props, _args, report) {
    const found = gaps(props);
    if (found.length > 0) report(`Key vault can be purged: ${found.join(', ')}`);
  },
  remediate(props) {
    return gaps(props).length > 0 ? withVaultProperties(props, { enableSoftDelete: true, enablePurgeProtection: true }) : undefined;
  },
  examples: {
    pass: [
      {
        type: VAULT,
        name: 'keys',
        props: { resourceGroupName: 'shop', properties: { tenantId: '00000000-0000-0000-0000-000000000000', sku: { family: 'A', name: 'standard' }, enablePurgeProtection: true } },
      },
    ],
    fail: [
      { type: VAULT, name: 'keys', props: { resourceGroupName: 'shop', properties: { tenantId: '00000000-0000-0000-0000-000000000000', sku: { family: 'A', name: 'standard' } } } },
      {
        type: VAULT,
        name: 'legacy',
        props: { resourceGroupName: 'shop', properties: { tenantId: '00000000-0000-0000-0000-000000000000', sku: { family: 'A', name: 'standard' }, enableSoftDelete: false, enablePurgeProtection: false } },
      },
    ],
  },
});

/**
 * Key vaults authorize data-plane access with Azure RBAC rather than vault access policies. The
 * property fix is offered only for a vault with no access policies: flipping a vault that has
 * some would silently revoke them, so that migration needs role assignments first.
 */
import { controls } from '../../lib/controls.ts';
import { VAULT, withVaultProperties, type VaultProps } from '../../lib/azure-keyvault.ts';
import { dig } from '../../lib/k8s-workload.ts';
import { flag, isSecret, items, shown } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

function usesAccessPolicies(props: Record<string, unknown>): boolean {
  const rbac = dig(props, 'properties', 'enableRbacAuthorization');
  return !isSecret(rbac) && flag(rbac) !== true;
}

export const azureKeyvaultRbacAuthorization = tokenRule<VaultProps>({
  id: 'azure-keyvault-rbac-authorization',
  title: 'Key vaults use Azure RBAC for data-plane access',
  severity: 'low',
  rationale:
    'Vault access policies grant all-or-nothing permissions per object type, cannot be scoped to one secret, are invisible to Azure RBAC reviews and PIM, and anyone with Contributor on the vault can grant themselves one. Azure RBAC makes key and secret access reviewable alongside everything else.',
  remediation: 'Create role assignments (Key Vault Secrets User, Crypto User, ...) for the principals in the access policies, then set properties.enableRbacAuthorization to true and remove the access policies.',
  controls: controls({
    'nist-800-53': ['AC-3', 'AC-6'],
    'pci-dss': ['7.2.1'],
    hitrust: ['01.c'],
    'iso-27001': ['A.5.15', 'A.8.2'],
    soc2: ['CC6.3'],
  }),
  resourceType: VAULT,
  validate(props, _args, report) {
    if (!usesAccessPolicies(props)) return;
    report(`Key vault authorizes with access policies: properties.enableRbacAuthorization is ${shown(dig(props, 'properties', 'enableRbacAuthorization'))}`);
  },
  remediate(props) {
    const policies = dig(props, 'properties', 'accessPolicies');
    if (!usesAccessPolicies(props) || isSecret(policies) || items(policies).length > 0) return undefined;
    return withVaultProperties(props, { enableRbacAuthorization: true });
  },
  examples: {
    pass: [
      {
        type: VAULT,
        name: 'keys',
        props: { resourceGroupName: 'shop', properties: { tenantId: '00000000-0000-0000-0000-000000000000', sku: { family: 'A', name: 'standard' }, enableRbacAuthorization: true } },
      },
    ],
    fail: [
      { type: VAULT, name: 'keys', props: { resourceGroupName: 'shop', properties: { tenantId: '00000000-0000-0000-0000-000000000000', sku: { family: 'A', name: 'standard' } } } },
      // Detected, but switching would revoke the existing access policy: no property fix.
      {
        type: VAULT,
        name: 'app-secrets',
        props: {
          resourceGroupName: 'shop',
          properties: {
            tenantId: '00000000-0000-0000-0000-000000000000',
            sku: { family: 'A', name: 'standard' },
            accessPolicies: [{ tenantId: '00000000-0000-0000-0000-000000000000', objectId: '11111111-1111-1111-1111-111111111111', permissions: { secrets: ['get', 'list'] } }],
          },
        },
      },
    ],
  },
});

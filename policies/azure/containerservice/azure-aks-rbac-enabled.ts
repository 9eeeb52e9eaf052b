/**
 * AKS clusters have Kubernetes RBAC enabled (the default). No property fix: enableRBAC cannot be
 * changed on an existing cluster, so the fix is a new cluster and a migration.
 */
import { MANAGED_CLUSTER, type ManagedClusterProps } from '../../lib/azure-aks.ts';
import { controls } from '../../lib/controls.ts';
import { flag } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

export const azureAksRbacEnabled = tokenRule<ManagedClusterProps>({
  id: 'azure-aks-rbac-enabled',
  title: 'AKS clusters have Kubernetes RBAC enabled',
  severity: 'high',
  rationale:
    'Without RBAC every authenticated user and service account has full access to the Kubernetes API: any compromised pod token can read every secret and change every workload in the cluster.',
  remediation: 'Recreate the cluster with enableRBAC true (ideally with Entra ID integration and disableLocalAccounts) and migrate the workloads.',
  controls: controls({
    'nist-800-53': ['AC-3', 'AC-6'],
    'pci-dss': ['7.2.1'],
    hitrust: ['01.c'],
    'iso-27001': ['A.5.15', 'A.8.2'],
    soc2: ['CC6.3'],
  }),
  resourceType: MANAGED_CLUSTER,
  validate(props, _args, report) {
    if (flag(props.enableRBAC) === false) report('AKS cluster has Kubernetes RBAC disabled: enableRBAC is false');
  },
  examples: {
    pass: [
      { type: MANAGED_CLUSTER, name: 'prod', props: { resourceGroupName: 'shop', dnsPrefix: 'prod', enableRBAC: true } },
      { type: MANAGED_CLUSTER, name: 'dev', props: { resourceGroupName: 'shop', dnsPrefix: 'dev' } },
    ],
    fail: [{ type: MANAGED_CLUSTER, name: 'legacy', props: { resourceGroupName: 'shop', dnsPrefix: 'legacy', enableRBAC: false } }],
  },
});

/**
 * Instances do not run as the Compute Engine default service account with the cloud-platform
 * scope. No property fix: the replacement is a dedicated service account with its own roles.
 */
import { controls } from '../../lib/controls.ts';
import { INSTANCE, type InstanceProps } from '../../lib/gcp-compute.ts';
import { dig } from '../../lib/k8s-workload.ts';
import { isSecret, items, present, text } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

const FULL_SCOPES = new Set(['cloud-platform', 'https://www.googleapis.com/auth/cloud-platform']);

/** `<project-number>-compute@developer.gserviceaccount.com`, or unset/`default`, which Compute Engine resolves to it. */
function isDefaultAccount(email: unknown): boolean {
  if (isSecret(email)) return false;
  const value = text(email);
  return value === undefined || value === 'default' || /-compute@developer\.gserviceaccount\.com$/.test(value);
}

export const gcpComputeInstanceNoDefaultSaFullAccess = tokenRule<InstanceProps>({
  id: 'gcp-compute-instance-no-default-sa-full-access',
  title: 'Compute Engine instances do not use the default service account with full API access',
  severity: 'high',
  rationale:
    'The default Compute Engine service account holds the Editor role on the project; with the cloud-platform scope, any process on the instance (or an SSRF to the metadata server) can use it to change almost anything in the project.',
  remediation: 'Create a dedicated service account with only the roles the instance needs and set serviceAccount.email to it (scopes: cloud-platform is then fine, IAM does the limiting).',
  controls: controls({
    'nist-800-53': ['AC-6'],
    'pci-dss': ['7.2.1', '7.2.2'],
    hitrust: ['01.c'],
    'iso-27001': ['A.8.2'],
    soc2: ['CC6.3'],
  }),
  resourceType: INSTANCE,
  validate(props, _args, report) {
    const account = dig(props, 'serviceAccount');
    if (!present(account) || isSecret(account)) return;
    const email = dig(account, 'email');
    const scopes = items(dig(account, 'scopes')).filter((scope) => typeof scope === 'string' && FULL_SCOPES.has(scope));
    if (!isDefaultAccount(email) || scopes.length === 0) return;
    report(`Instance runs as the default Compute Engine service account (${text(email) ?? 'email unset'}) with scope ${scopes[0]}`);
  },
  examples: {
    pass: [
      {
        type: INSTANCE,
        name: 'web',
        props: { machineType: 'e2-medium', zone: 'europe-west1-b', serviceAccount: { email: 'web@acme-prod.iam.gserviceaccount.com', scopes: ['cloud-platform'] } },
      },
      {
        type: INSTANCE,
        name: 'legacy',
        props: { machineType: 'e2-medium', zone: 'europe-west1-b', serviceAccount: { scopes: ['https://www.googleapis.com/auth/devstorage.read_only'] } },
      },
    ],
    fail: [
      {
        type: INSTANCE,
        name: 'web',
        props: { machineType: 'e2-medium', zone: 'europe-west1-b', serviceAccount: { email: '123456789012-compute@developer.gserviceaccount.com', scopes: ['cloud-platform'] } },
      },
      {
        type: INSTANCE,
        name: 'batch',
        props: { machineType: 'e2-medium', zone: 'europe-west1-b', serviceAccount: { scopes: ['https://www.googleapis.com/auth/cloud-platform'] } },
      },
    ],
  },
});

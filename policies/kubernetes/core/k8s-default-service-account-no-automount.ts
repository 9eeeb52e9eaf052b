/** Each namespace's `default` ServiceAccount does not automount its token into pods. */
import { controls } from '../../lib/controls.ts';
import { dig } from '../../lib/k8s-workload.ts';
import { flag, isSecret, shown, text } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

interface ServiceAccountProps {
  metadata: { name?: string; namespace?: string };
  automountServiceAccountToken: boolean;
}

/** The default account with its token automounted (unset counts: it defaults to true). */
function automounts(props: Partial<ServiceAccountProps>): boolean {
  const value = props.automountServiceAccountToken;
  return text(dig(props, 'metadata', 'name')) === 'default' && !isSecret(value) && flag(value) !== false;
}

export const k8sDefaultServiceAccountNoAutomount = tokenRule<ServiceAccountProps>({
  id: 'k8s-default-service-account-no-automount',
  title: 'Default service accounts do not automount their token',
  severity: 'medium',
  rationale:
    'Every pod that names no service account gets the namespace\'s `default` account and, unless the account opts out, its token. Turning automount off on the account itself means a pod gets API credentials only through an account someone created for it.',
  remediation: 'Set automountServiceAccountToken to false on the `default` ServiceAccount of every namespace; give workloads that need API access their own ServiceAccount.',
  controls: controls({
    'cis-kubernetes': ['5.1.5', '5.1.6'],
    'nist-800-53': ['AC-6', 'CM-7'],
    'pci-dss': ['7.2.1'],
    hitrust: ['01.c'],
    'iso-27001': ['A.5.17', 'A.8.2'],
    soc2: ['CC6.1'],
  }),
  resourceType: 'kubernetes:core/v1:ServiceAccount',
  validate(props, _args, report) {
    if (!automounts(props)) return;
    const value = props.automountServiceAccountToken;
    const namespace = text(dig(props, 'metadata', 'namespace')) ?? 'default';
    report(`The default ServiceAccount of namespace "${namespace}" automounts its token: automountServiceAccountToken is ${shown(value)}`);
  },
  remediate(props) {
    return automounts(props) ? { ...props, automountServiceAccountToken: false } : undefined;
  },
  examples: {
    pass: [
      { type: 'kubernetes:core/v1:ServiceAccount', name: 'default', props: { metadata: { name: 'default', namespace: 'shop' }, automountServiceAccountToken: false } },
      { type: 'kubernetes:core/v1:ServiceAccount', name: 'web', props: { metadata: { name: 'web', namespace: 'shop' } } },
    ],
    fail: [
      { type: 'kubernetes:core/v1:ServiceAccount', name: 'default', props: { metadata: { name: 'default', namespace: 'shop' } } },
      { type: 'kubernetes:core/v1:ServiceAccount', name: 'default-payments', props: { metadata: { name: 'default', namespace: 'payments' }, automountServiceAccountToken: true } },
    ],
  },
});

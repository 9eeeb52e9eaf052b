/**
 * Workloads run under their own service account, not the namespace's `default` one. A pod that
 * does not mount a token (automountServiceAccountToken: false) does not use the account at all
 * and passes. No property fix: the fix is a new ServiceAccount with the workload's own RBAC.
 */
import { controls } from '../../lib/controls.ts';
import { k8sDeployment, k8sJob, k8sPod } from '../../lib/k8s-examples.ts';
import { workloadRule } from '../../lib/k8s-workload.ts';
import { flag, isSecret, text } from '../../lib/values.ts';

export const k8sWorkloadNoDefaultServiceAccount = workloadRule({
  id: 'k8s-workload-no-default-service-account',
  title: 'Workloads do not use the default service account',
  severity: 'medium',
  rationale:
    'Every pod that names no service account runs as the namespace\'s `default` one, so any permission granted to it (often added "just to make something work") is shared by every such workload, and an attacker in any of them inherits it.',
  remediation: 'Create a ServiceAccount per workload, bind only the roles it needs, and set spec.serviceAccountName; pods that never call the API server can instead set automountServiceAccountToken: false.',
  controls: controls({
    'cis-kubernetes': ['5.1.5'],
    'nist-800-53': ['AC-2', 'AC-6'],
    'pci-dss': ['7.2.1'],
    hitrust: ['01.c'],
    'iso-27001': ['A.8.2', 'A.5.15'],
    soc2: ['CC6.3'],
  }),
  validate(workload, _args, report) {
    const pod = workload.pod;
    const account = pod.serviceAccountName ?? pod.serviceAccount;
    if (isSecret(account) || isSecret(pod.automountServiceAccountToken)) return;
    if (flag(pod.automountServiceAccountToken) === false) return;
    const name = text(account);
    if (name !== undefined && name !== 'default') return;
    const how = name === undefined ? 'names no serviceAccountName' : 'sets serviceAccountName to "default"';
    report(`${workload.label} runs as the default service account with its token mounted: it ${how}`);
  },
  examples: {
    pass: [
      k8sDeployment('web', { serviceAccountName: 'web', containers: [{ name: 'app', image: 'nginx:1.27' }] }),
      k8sJob('migrate', { automountServiceAccountToken: false, containers: [{ name: 'migrate', image: 'flyway/flyway:10' }] }),
    ],
    fail: [
      k8sDeployment('web', { containers: [{ name: 'app', image: 'nginx:1.27' }] }),
      k8sPod('worker', { serviceAccountName: 'default', containers: [{ name: 'worker', image: 'worker:1.4.0' }] }),
    ],
  },
});

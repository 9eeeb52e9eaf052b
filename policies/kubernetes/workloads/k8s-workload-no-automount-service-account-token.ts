/**
 * Pods opt out of mounting a service account token unless they call the API server. Unset means
 * mounted (unless the ServiceAccount itself opts out, which a resource rule cannot see, so the
 * pod-level setting is what counts here).
 */
import { controls } from '../../lib/controls.ts';
import { k8sCronJob, k8sDeployment } from '../../lib/k8s-examples.ts';
import { withPod, workloadRule } from '../../lib/k8s-workload.ts';
import { flag, isSecret, shown } from '../../lib/values.ts';

export const k8sWorkloadNoAutomountServiceAccountToken = workloadRule({
  id: 'k8s-workload-no-automount-service-account-token',
  title: 'Pods do not automount a service account token',
  severity: 'low',
  rationale:
    'A mounted token is an API credential available to every process in the pod: code execution in an application that never talks to the API server still hands the attacker whatever RBAC the service account holds.',
  remediation: 'Set spec.automountServiceAccountToken to false in the pod template; workloads that call the API server keep it and document why (or use a projected token volume).',
  controls: controls({
    'cis-kubernetes': ['5.1.6'],
    'nist-800-53': ['AC-6', 'CM-7'],
    'pci-dss': ['7.2.1'],
    hitrust: ['01.c'],
    'iso-27001': ['A.5.17', 'A.8.2'],
    soc2: ['CC6.1'],
  }),
  validate(workload, _args, report) {
    const value = workload.pod.automountServiceAccountToken;
    if (isSecret(value) || flag(value) === false) return;
    report(`${workload.label} mounts a service account token: automountServiceAccountToken is ${shown(value)}`);
  },
  remediate(workload) {
    return withPod(workload, { ...workload.pod, automountServiceAccountToken: false });
  },
  examples: {
    pass: [k8sDeployment('web', { automountServiceAccountToken: false, containers: [{ name: 'app', image: 'nginx:1.27' }] })],
    fail: [
      k8sDeployment('web', { serviceAccountName: 'web', containers: [{ name: 'app', image: 'nginx:1.27' }] }),
      k8sCronJob('report', { automountServiceAccountToken: true, containers: [{ name: 'report', image: 'report:0.9.1' }] }),
    ],
  },
});

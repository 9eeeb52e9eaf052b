/**
 * Containers cannot run as root: runAsNonRoot is true (the kubelet refuses to start a container
 * whose user is 0) or a non-zero runAsUser is set, at pod or container level.
 */
import { controls } from '../../lib/controls.ts';
import { k8sDeployment, k8sStatefulSet } from '../../lib/k8s-examples.ts';
import { containersOf, effective, mapContainers, reportContainers, withPod, withSecurity, workloadRule } from '../../lib/k8s-workload.ts';
import { count, flag, isSecret, shown } from '../../lib/values.ts';

type Verdict = 'ok' | 'unknown' | 'root' | 'maybe-root';

function verdict(pod: Record<string, unknown>, container: Record<string, unknown>): Verdict {
  const user = effective(pod, container, 'runAsUser');
  const nonRoot = effective(pod, container, 'runAsNonRoot');
  if (count(user) === 0) return 'root';
  if (flag(nonRoot) === true || (count(user) ?? 0) > 0) return 'ok';
  if (isSecret(user) || isSecret(nonRoot)) return 'unknown';
  return 'maybe-root';
}

export const k8sWorkloadRunAsNonRoot = workloadRule({
  id: 'k8s-workload-run-as-non-root',
  title: 'Containers run as a non-root user',
  severity: 'high',
  rationale:
    'A container process running as UID 0 is root on the host for everything the isolation does not cover: a kernel or runtime escape, a writable hostPath or a mounted socket then gives full control of the node.',
  remediation:
    'Set securityContext.runAsNonRoot to true on the pod (and remove runAsUser: 0); build the image with a non-root USER or set runAsUser to a non-zero UID.',
  controls: controls({
    'cis-kubernetes': ['5.2.7'],
    'nist-800-53': ['AC-6', 'SC-39'],
    'pci-dss': ['2.2.6'],
    hitrust: ['01.c'],
    'iso-27001': ['A.8.2', 'A.8.9'],
    soc2: ['CC6.1'],
  }),
  validate(workload, _args, report) {
    const offenders = containersOf(workload.pod).flatMap((ref) => {
      const found = verdict(workload.pod, ref.container);
      if (found === 'root') return [`${ref.label} (runAsUser is 0)`];
      if (found === 'maybe-root') {
        return [`${ref.label} (runAsNonRoot is ${shown(effective(workload.pod, ref.container, 'runAsNonRoot'))} and no non-zero runAsUser)`];
      }
      return [];
    });
    reportContainers(workload, 'may run containers as root', offenders, report);
  },
  remediate(workload) {
    const refs = containersOf(workload.pod);
    // An explicit UID 0 is a choice about the image's user that a person has to replace.
    if (refs.some((ref) => verdict(workload.pod, ref.container) === 'root')) return undefined;
    const pod = mapContainers(withSecurity(workload.pod, { runAsNonRoot: true }), (container) =>
      flag(effective({}, container, 'runAsNonRoot')) === false ? withSecurity(container, { runAsNonRoot: true }) : undefined,
    );
    return withPod(workload, pod);
  },
  examples: {
    pass: [
      k8sDeployment('web', { securityContext: { runAsNonRoot: true }, containers: [{ name: 'app', image: 'nginx:1.27' }] }),
      k8sStatefulSet('db', { containers: [{ name: 'postgres', image: 'postgres:16', securityContext: { runAsUser: 999 } }] }),
    ],
    fail: [
      k8sDeployment('web', { containers: [{ name: 'app', image: 'nginx:1.27' }] }),
      k8sDeployment('api', {
        securityContext: { runAsNonRoot: true },
        containers: [{ name: 'app', image: 'api:2.3.1', securityContext: { runAsNonRoot: false } }],
      }),
      // Detected, but UID 0 is set on purpose: no property fix.
      k8sStatefulSet('db', { containers: [{ name: 'postgres', image: 'postgres:16', securityContext: { runAsUser: 0 } }] }),
    ],
  },
});

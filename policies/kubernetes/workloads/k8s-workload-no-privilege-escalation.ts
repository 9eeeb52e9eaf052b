/**
 * Containers set allowPrivilegeEscalation to false. Unset means true: a setuid binary in the image
 * can then gain privileges the container did not start with.
 */
import { controls } from '../../lib/controls.ts';
import { k8sDeployment, k8sJob, k8sPod } from '../../lib/k8s-examples.ts';
import { containersOf, dig, isWindows, mapContainers, reportContainers, withPod, withSecurity, workloadRule } from '../../lib/k8s-workload.ts';
import { flag, isSecret, items, shown } from '../../lib/values.ts';

/** The API server rejects allowPrivilegeEscalation=false on a container that is privileged or adds CAP_SYS_ADMIN. */
function mustEscalate(container: Record<string, unknown>): boolean {
  if (flag(dig(container, 'securityContext', 'privileged')) === true) return true;
  return items(dig(container, 'securityContext', 'capabilities', 'add')).some(
    (cap) => typeof cap === 'string' && cap.toUpperCase().replace(/^CAP_/, '') === 'SYS_ADMIN',
  );
}

function escalates(container: Record<string, unknown>): boolean {
  const value = dig(container, 'securityContext', 'allowPrivilegeEscalation');
  return !isSecret(value) && flag(value) !== false;
}

export const k8sWorkloadNoPrivilegeEscalation = workloadRule({
  id: 'k8s-workload-no-privilege-escalation',
  title: 'Containers set allowPrivilegeEscalation to false',
  severity: 'high',
  rationale:
    'Unless allowPrivilegeEscalation is false, the kernel lets a process gain more privileges than its parent (no_new_privs is unset), so a setuid binary or file capability in the image turns a compromised unprivileged process into root inside the container.',
  remediation: 'Set securityContext.allowPrivilegeEscalation to false on every container (containers that are privileged or add SYS_ADMIN need that removed first).',
  controls: controls({
    'cis-kubernetes': ['5.2.6'],
    'nist-800-53': ['AC-6', 'SC-39'],
    'pci-dss': ['2.2.6'],
    hitrust: ['01.c'],
    'iso-27001': ['A.8.2', 'A.8.9'],
    soc2: ['CC6.1'],
  }),
  validate(workload, _args, report) {
    if (isWindows(workload.pod)) return;
    const offenders = containersOf(workload.pod)
      .filter((ref) => escalates(ref.container))
      .map((ref) => `${ref.label} (${shown(dig(ref.container, 'securityContext', 'allowPrivilegeEscalation'))})`);
    reportContainers(workload, 'lets containers escalate privileges (allowPrivilegeEscalation is not false)', offenders, report);
  },
  remediate(workload) {
    const offenders = containersOf(workload.pod).filter((ref) => escalates(ref.container));
    // A privileged or SYS_ADMIN container escalates by definition: no property flip fixes it alone.
    if (isWindows(workload.pod) || offenders.some((ref) => mustEscalate(ref.container))) return undefined;
    const pod = mapContainers(workload.pod, (container) =>
      escalates(container) ? withSecurity(container, { allowPrivilegeEscalation: false }) : undefined,
    );
    return withPod(workload, pod);
  },
  examples: {
    pass: [
      k8sDeployment('web', { containers: [{ name: 'app', image: 'nginx:1.27', securityContext: { allowPrivilegeEscalation: false } }] }),
      k8sPod('iis', { os: { name: 'windows' }, containers: [{ name: 'iis', image: 'mcr.microsoft.com/windows/servercore/iis:ltsc2022' }] }),
    ],
    fail: [
      k8sDeployment('web', {
        containers: [
          { name: 'app', image: 'nginx:1.27' },
          { name: 'proxy', image: 'envoyproxy/envoy:v1.31.0', securityContext: { allowPrivilegeEscalation: true } },
        ],
      }),
      k8sJob('migrate', { containers: [{ name: 'migrate', image: 'flyway/flyway:10', securityContext: { readOnlyRootFilesystem: true } }] }),
      // Detected, but a privileged container cannot drop escalation: no property fix.
      k8sPod('node-tool', { containers: [{ name: 'tool', image: 'busybox:1.36', securityContext: { privileged: true } }] }),
    ],
  },
});

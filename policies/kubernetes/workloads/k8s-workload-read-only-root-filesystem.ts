/** Containers mount their root filesystem read-only; writable paths are explicit volumes. */
import { controls } from '../../lib/controls.ts';
import { k8sDeployment, k8sJob, k8sPod } from '../../lib/k8s-examples.ts';
import { containersOf, dig, isWindows, mapContainers, reportContainers, withPod, withSecurity, workloadRule } from '../../lib/k8s-workload.ts';
import { flag, isSecret } from '../../lib/values.ts';

function writable(container: Record<string, unknown>): boolean {
  const value = dig(container, 'securityContext', 'readOnlyRootFilesystem');
  return !isSecret(value) && flag(value) !== true;
}

export const k8sWorkloadReadOnlyRootFilesystem = workloadRule({
  id: 'k8s-workload-read-only-root-filesystem',
  title: 'Containers use a read-only root filesystem',
  severity: 'medium',
  rationale:
    'A writable root filesystem lets an attacker who gets code execution drop tools, modify binaries and plant persistence inside the container; a read-only one makes the image the only code that runs and turns tampering into an error.',
  remediation: 'Set securityContext.readOnlyRootFilesystem to true on every container and mount emptyDir volumes at the paths the process writes to (/tmp, caches).',
  controls: controls({
    'cis-kubernetes': ['5.7.3'],
    'nist-800-53': ['CM-7', 'SI-7'],
    'pci-dss': ['2.2.6'],
    'iso-27001': ['A.8.9'],
    soc2: ['CC6.8'],
  }),
  validate(workload, _args, report) {
    if (isWindows(workload.pod)) return;
    const offenders = containersOf(workload.pod)
      .filter((ref) => writable(ref.container))
      .map((ref) => ref.label);
    reportContainers(workload, 'runs containers with a writable root filesystem (readOnlyRootFilesystem is not true)', offenders, report);
  },
  remediate(workload) {
    if (isWindows(workload.pod)) return undefined;
    const pod = mapContainers(workload.pod, (container) => (writable(container) ? withSecurity(container, { readOnlyRootFilesystem: true }) : undefined));
    return withPod(workload, pod);
  },
  examples: {
    pass: [
      k8sDeployment('web', {
        containers: [{ name: 'app', image: 'nginx:1.27', securityContext: { readOnlyRootFilesystem: true }, volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] }],
        volumes: [{ name: 'tmp', emptyDir: {} }],
      }),
    ],
    fail: [
      k8sDeployment('web', { containers: [{ name: 'app', image: 'nginx:1.27', securityContext: { readOnlyRootFilesystem: false } }] }),
      k8sJob('migrate', { containers: [{ name: 'migrate', image: 'flyway/flyway:10' }] }),
      k8sPod('shell', { containers: [{ name: 'shell', image: 'busybox:1.36', securityContext: { runAsNonRoot: true } }] }),
    ],
  },
});

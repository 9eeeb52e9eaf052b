/**
 * Pods mount no hostPath volumes. No property fix: what replaces the volume (an emptyDir, a PVC,
 * a CSI driver, or nothing) depends on what the workload reads or writes there.
 */
import { controls } from '../../lib/controls.ts';
import { k8sDaemonSet, k8sDeployment, k8sJob } from '../../lib/k8s-examples.ts';
import { dig, workloadRule } from '../../lib/k8s-workload.ts';
import { items, present, record, text } from '../../lib/values.ts';

export const k8sWorkloadNoHostPath = workloadRule({
  id: 'k8s-workload-no-host-path',
  title: 'Pods do not mount hostPath volumes',
  severity: 'high',
  rationale:
    'A hostPath volume exposes the node filesystem to the pod: a writable mount of /, /etc, /var/lib/kubelet or the container runtime socket is a direct path to node takeover, and even read-only mounts leak other pods\' secrets and credentials.',
  remediation: 'Replace hostPath volumes with emptyDir, a PersistentVolumeClaim, a ConfigMap/Secret volume or a CSI driver; node agents that truly need host files belong in a separate, tightly controlled namespace.',
  controls: controls({
    'cis-kubernetes': ['5.2.12'],
    'nist-800-53': ['AC-3', 'SC-39'],
    'pci-dss': ['2.2.6'],
    hitrust: ['01.v'],
    'iso-27001': ['A.8.3', 'A.8.9'],
    soc2: ['CC6.1'],
  }),
  validate(workload, _args, report) {
    const mounts = items(workload.pod.volumes).flatMap((entry, index) => {
      const volume = record(entry);
      if (!volume || !present(volume.hostPath)) return [];
      const path = text(dig(volume, 'hostPath', 'path'));
      return [`"${text(volume.name) ?? `#${index + 1}`}"${path ? ` (${path})` : ''}`];
    });
    if (mounts.length > 0) report(`${workload.label} mounts hostPath volumes: ${mounts.join(', ')}`);
  },
  examples: {
    pass: [
      k8sDeployment('web', {
        containers: [{ name: 'app', image: 'nginx:1.27', volumeMounts: [{ name: 'cache', mountPath: '/cache' }] }],
        volumes: [{ name: 'cache', emptyDir: {} }],
      }),
    ],
    fail: [
      k8sDaemonSet('log-shipper', {
        containers: [{ name: 'shipper', image: 'fluent/fluent-bit:3.1', volumeMounts: [{ name: 'varlog', mountPath: '/var/log' }] }],
        volumes: [{ name: 'varlog', hostPath: { path: '/var/log' } }],
      }),
      k8sJob('docker-build', {
        containers: [{ name: 'build', image: 'docker:27' }],
        volumes: [{ name: 'sock', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } }],
      }),
    ],
  },
});

/** Pods do not share the host IPC namespace. */
import { controls } from '../../lib/controls.ts';
import { k8sDaemonSet, k8sDeployment, k8sPod } from '../../lib/k8s-examples.ts';
import { withPod, workloadRule } from '../../lib/k8s-workload.ts';
import { flag } from '../../lib/values.ts';

export const k8sWorkloadNoHostIpc = workloadRule({
  id: 'k8s-workload-no-host-ipc',
  title: 'Pods do not share the host IPC namespace',
  severity: 'high',
  rationale:
    'A pod with hostIPC set shares the shared memory segments, semaphores and message queues of every process on the node, so it can read or corrupt data other workloads exchange through them.',
  remediation: 'Set spec.hostIPC to false (or remove it) in the pod template.',
  controls: controls({
    'cis-kubernetes': ['5.2.4'],
    'nist-800-53': ['SC-39'],
    'pci-dss': ['2.2.6'],
    'iso-27001': ['A.8.9'],
    soc2: ['CC6.1'],
  }),
  validate(workload, _args, report) {
    if (flag(workload.pod.hostIPC) === true) report(`${workload.label} shares the host IPC namespace: hostIPC is true`);
  },
  remediate(workload) {
    return withPod(workload, { ...workload.pod, hostIPC: false });
  },
  examples: {
    pass: [
      k8sDeployment('web', { hostIPC: false, containers: [{ name: 'app', image: 'nginx:1.27' }] }),
      k8sPod('worker', { containers: [{ name: 'worker', image: 'worker:1.4.0' }] }),
    ],
    fail: [
      k8sDaemonSet('node-agent', { hostIPC: true, containers: [{ name: 'agent', image: 'agent:3.1.0' }] }),
      k8sPod('debug', { hostIPC: 'true', containers: [{ name: 'shell', image: 'busybox:1.36' }] }),
    ],
  },
});

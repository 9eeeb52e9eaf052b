/** Pods do not share the host process ID namespace. */
import { controls } from '../../lib/controls.ts';
import { k8sDaemonSet, k8sDeployment, k8sPod } from '../../lib/k8s-examples.ts';
import { withPod, workloadRule } from '../../lib/k8s-workload.ts';
import { flag } from '../../lib/values.ts';

export const k8sWorkloadNoHostPid = workloadRule({
  id: 'k8s-workload-no-host-pid',
  title: 'Pods do not share the host process ID namespace',
  severity: 'high',
  rationale:
    'A pod with hostPID set shares every process on the node: it can read their environment and memory through /proc and signal or ptrace them, including the processes of other pods and the kubelet.',
  remediation: 'Set spec.hostPID to false (or remove it) in the pod template.',
  controls: controls({
    'cis-kubernetes': ['5.2.3'],
    'nist-800-53': ['SC-39'],
    'pci-dss': ['2.2.6'],
    'iso-27001': ['A.8.9'],
    soc2: ['CC6.1'],
  }),
  validate(workload, _args, report) {
    if (flag(workload.pod.hostPID) === true) report(`${workload.label} shares the host process ID namespace: hostPID is true`);
  },
  remediate(workload) {
    return withPod(workload, { ...workload.pod, hostPID: false });
  },
  examples: {
    pass: [
      k8sDeployment('web', { hostPID: false, containers: [{ name: 'app', image: 'nginx:1.27' }] }),
      k8sPod('worker', { containers: [{ name: 'worker', image: 'worker:1.4.0' }] }),
    ],
    fail: [
      k8sDaemonSet('node-agent', { hostPID: true, containers: [{ name: 'agent', image: 'agent:3.1.0' }] }),
      k8sPod('debug', { hostPID: 'true', containers: [{ name: 'shell', image: 'busybox:1.36' }] }),
    ],
  },
});

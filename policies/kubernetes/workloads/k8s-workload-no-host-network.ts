/** Pods do not share the host network namespace. */
import { controls } from '../../lib/controls.ts';
import { k8sDaemonSet, k8sDeployment, k8sPod } from '../../lib/k8s-examples.ts';
import { withPod, workloadRule } from '../../lib/k8s-workload.ts';
import { flag } from '../../lib/values.ts';

export const k8sWorkloadNoHostNetwork = workloadRule({
  id: 'k8s-workload-no-host-network',
  title: 'Pods do not share the host network namespace',
  severity: 'high',
  rationale:
    'A pod with hostNetwork set shares the network stack of the node: it can bind node ports, reach services listening on localhost (the read-only port of the kubelet, cloud metadata proxies) and sniff traffic of every pod on the node.',
  remediation: 'Set spec.hostNetwork to false (or remove it) in the pod template.',
  controls: controls({
    'cis-kubernetes': ['5.2.5'],
    'nist-800-53': ['AC-4', 'SC-7', 'SC-39'],
    'pci-dss': ['2.2.6'],
    hitrust: ['01.m'],
    'iso-27001': ['A.8.22', 'A.8.9'],
    soc2: ['CC6.1'],
  }),
  validate(workload, _args, report) {
    if (flag(workload.pod.hostNetwork) === true) report(`${workload.label} shares the host network namespace: hostNetwork is true`);
  },
  remediate(workload) {
    return withPod(workload, { ...workload.pod, hostNetwork: false });
  },
  examples: {
    pass: [
      k8sDeployment('web', { hostNetwork: false, containers: [{ name: 'app', image: 'nginx:1.27' }] }),
      k8sPod('worker', { containers: [{ name: 'worker', image: 'worker:1.4.0' }] }),
    ],
    fail: [
      k8sDaemonSet('node-agent', { hostNetwork: true, containers: [{ name: 'agent', image: 'agent:3.1.0' }] }),
      k8sPod('debug', { hostNetwork: 'true', containers: [{ name: 'shell', image: 'busybox:1.36' }] }),
    ],
  },
});

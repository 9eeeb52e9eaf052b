/**
 * Containers declare CPU and memory requests. The property fix writes a missing request equal to
 * the container's limit, which is exactly what the API server defaults it to: the declaration
 * becomes explicit and the running pod does not change.
 */
import { controls } from '../../lib/controls.ts';
import { k8sDaemonSet, k8sDeployment, k8sJob } from '../../lib/k8s-examples.ts';
import { computeBoundRule } from '../../lib/k8s-resources.ts';

export const k8sWorkloadResourceRequests = computeBoundRule('requests', {
  id: 'k8s-workload-resource-requests',
  title: 'Containers set CPU and memory requests',
  severity: 'low',
  rationale:
    'The scheduler places pods by their requests. Without them a pod is BestEffort: it lands on already-full nodes, is the first evicted under pressure, and capacity planning cannot see what the workload needs.',
  remediation: 'Set resources.requests.cpu and resources.requests.memory on every container (the fix copies the container\'s limits where it has them, as Kubernetes does implicitly).',
  controls: controls({
    'nist-800-53': ['SC-6'],
    hitrust: ['09.h'],
    'iso-27001': ['A.8.6'],
    soc2: ['A1.1'],
  }),
  examples: {
    pass: [
      k8sDeployment('web', { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] }),
    ],
    fail: [
      k8sDaemonSet('agent', { containers: [{ name: 'agent', image: 'agent:3.1.0', resources: { limits: { cpu: '200m', memory: '256Mi' } } }] }),
      // Detected, but nothing to copy from: no property fix.
      k8sJob('migrate', { containers: [{ name: 'migrate', image: 'flyway/flyway:10' }] }),
    ],
  },
});

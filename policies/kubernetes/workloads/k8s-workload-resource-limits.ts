/**
 * Containers declare CPU and memory limits. The property fix sets a missing limit equal to the
 * container's own request (the Guaranteed QoS shape): the only value the declaration already
 * vouches for. A container with neither gets no fix: sizing it is a decision for its owner.
 */
import { controls } from '../../lib/controls.ts';
import { k8sCronJob, k8sDeployment, k8sStatefulSet } from '../../lib/k8s-examples.ts';
import { computeBoundRule } from '../../lib/k8s-resources.ts';

export const k8sWorkloadResourceLimits = computeBoundRule('limits', {
  id: 'k8s-workload-resource-limits',
  title: 'Containers set CPU and memory limits',
  severity: 'medium',
  rationale:
    'A container without limits can take all of a node\'s memory or CPU: one leak, runaway loop or abusive request starves or evicts every other pod on the node, a denial of service that crosses workload and tenant boundaries.',
  remediation: 'Set resources.limits.cpu and resources.limits.memory on every container (the fix copies the container\'s requests where it has them).',
  controls: controls({
    'nist-800-53': ['SC-5', 'SC-6'],
    hitrust: ['09.h'],
    'iso-27001': ['A.8.6'],
    soc2: ['A1.1'],
  }),
  examples: {
    pass: [
      k8sDeployment('web', {
        containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } } }],
      }),
    ],
    fail: [
      k8sDeployment('web', { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] }),
      k8sStatefulSet('db', {
        containers: [{ name: 'postgres', image: 'postgres:16', resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '4Gi' } } }],
      }),
      // Detected, but nothing to copy from: no property fix.
      k8sCronJob('report', { containers: [{ name: 'report', image: 'report:0.9.1' }] }),
    ],
  },
});

/** Long-running containers have a readiness probe (Jobs and CronJobs are left alone; see lib/k8s-probes.ts). */
import { controls } from '../../lib/controls.ts';
import { k8sDeployment, k8sPod, k8sStatefulSet } from '../../lib/k8s-examples.ts';
import { containerProbeRule } from '../../lib/k8s-probes.ts';

export const k8sWorkloadReadinessProbe = containerProbeRule('readinessProbe', {
  id: 'k8s-workload-readiness-probe',
  title: 'Long-running containers have a readiness probe',
  severity: 'low',
  rationale:
    'Without a readiness probe a container receives Service traffic as soon as it starts and keeps receiving it while overloaded or disconnected from its dependencies, turning rollouts and partial failures into user-facing errors.',
  remediation: 'Add a readinessProbe to every long-running container that checks the process can serve (dependencies reachable, warm-up done).',
  controls: controls({
    'nist-800-53': ['CP-10'],
    soc2: ['A1.2'],
  }),
  examples: {
    pass: [
      k8sDeployment('web', {
        containers: [{ name: 'app', image: 'web:2.4.1', readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 } }],
      }),
    ],
    fail: [
      k8sDeployment('web', { containers: [{ name: 'app', image: 'web:2.4.1' }] }),
      k8sStatefulSet('db', { containers: [{ name: 'postgres', image: 'postgres:16', startupProbe: { exec: { command: ['pg_isready'] } } }] }),
      k8sPod('worker', { containers: [{ name: 'worker', image: 'worker:1.4.0' }] }),
    ],
  },
});

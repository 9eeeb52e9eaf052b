/** Long-running containers have a liveness probe (Jobs and CronJobs are left alone; see lib/k8s-probes.ts). */
import { controls } from '../../lib/controls.ts';
import { k8sDeployment, k8sPod, k8sStatefulSet } from '../../lib/k8s-examples.ts';
import { containerProbeRule } from '../../lib/k8s-probes.ts';

export const k8sWorkloadLivenessProbe = containerProbeRule('livenessProbe', {
  id: 'k8s-workload-liveness-probe',
  title: 'Long-running containers have a liveness probe',
  severity: 'low',
  rationale:
    'A container without a liveness probe that deadlocks or hangs keeps its pod Running and in service: nothing restarts it, and the outage lasts until a person notices.',
  remediation: 'Add a livenessProbe (httpGet, tcpSocket, grpc or exec) to every long-running container, with thresholds that tolerate slow starts (or a startupProbe).',
  controls: controls({
    'nist-800-53': ['CP-10'],
    soc2: ['A1.2'],
  }),
  examples: {
    pass: [
      k8sDeployment('web', {
        containers: [{ name: 'app', image: 'web:2.4.1', livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 } }],
      }),
    ],
    fail: [
      k8sDeployment('web', { containers: [{ name: 'app', image: 'web:2.4.1' }] }),
      k8sStatefulSet('db', { containers: [{ name: 'postgres', image: 'postgres:16', startupProbe: { exec: { command: ['pg_isready'] } } }] }),
      k8sPod('worker', { containers: [{ name: 'worker', image: 'worker:1.4.0' }] }),
    ],
  },
});

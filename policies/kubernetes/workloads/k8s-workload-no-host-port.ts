/**
 * Containers bind no hostPort. The fix removes hostPort and keeps containerPort: the pod stays
 * reachable through its own IP and any Service in front of it, just not on every node address.
 */
import { controls } from '../../lib/controls.ts';
import { k8sDaemonSet, k8sDeployment } from '../../lib/k8s-examples.ts';
import { containersOf, mapContainers, reportContainers, withPod, workloadRule } from '../../lib/k8s-workload.ts';
import { count, items, record } from '../../lib/values.ts';

function hostPorts(container: Record<string, unknown>): number[] {
  return items(container.ports).flatMap((entry) => {
    const port = count(record(entry)?.hostPort);
    return port !== undefined && port > 0 ? [port] : [];
  });
}

export const k8sWorkloadNoHostPort = workloadRule({
  id: 'k8s-workload-no-host-port',
  title: 'Containers do not bind host ports',
  severity: 'medium',
  rationale:
    'A hostPort publishes the container on the node\'s own address, outside Services and often outside NetworkPolicy enforcement, and pins the pod to nodes where the port is free: an unreviewed path into the cluster.',
  remediation: 'Remove hostPort from the container ports and expose the workload through a Service (ClusterIP, or a reviewed LoadBalancer/Ingress).',
  controls: controls({
    'cis-kubernetes': ['5.2.13'],
    'nist-800-53': ['CM-7', 'SC-7'],
    'pci-dss': ['1.3.1', '2.2.4'],
    hitrust: ['01.n'],
    'iso-27001': ['A.8.20'],
    soc2: ['CC6.6'],
  }),
  validate(workload, _args, report) {
    const offenders = containersOf(workload.pod).flatMap((ref) => {
      const ports = hostPorts(ref.container);
      return ports.length > 0 ? [`${ref.label} (hostPort ${ports.join(', ')})`] : [];
    });
    reportContainers(workload, 'binds ports on the node', offenders, report);
  },
  remediate(workload) {
    const pod = mapContainers(workload.pod, (container) => {
      if (hostPorts(container).length === 0) return undefined;
      const ports = items(container.ports).map((entry) => {
        const port = record(entry);
        if (!port || !('hostPort' in port)) return entry;
        const { hostPort: _removed, ...rest } = port;
        return rest;
      });
      return { ...container, ports };
    });
    return withPod(workload, pod);
  },
  examples: {
    pass: [k8sDeployment('web', { containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 8080, name: 'http' }] }] })],
    fail: [
      k8sDaemonSet('ingress', {
        containers: [
          {
            name: 'controller',
            image: 'registry.k8s.io/ingress-nginx/controller:v1.11.2',
            ports: [
              { containerPort: 80, hostPort: 80 },
              { containerPort: 443, hostPort: 443 },
            ],
          },
        ],
      }),
    ],
  },
});

/**
 * Containers add no dangerous Linux capabilities. The fix removes those entries from
 * capabilities.add and keeps the rest (NET_BIND_SERVICE and other narrow ones).
 */
import { controls } from '../../lib/controls.ts';
import { k8sDeployment, k8sPod } from '../../lib/k8s-examples.ts';
import { containersOf, dig, mapContainers, reportContainers, withPod, workloadRule } from '../../lib/k8s-workload.ts';
import { items, record } from '../../lib/values.ts';

/** Capabilities that break container isolation or let a process reach other workloads. */
const DANGEROUS = new Set([
  'ALL',
  'BPF',
  'DAC_READ_SEARCH',
  'MAC_ADMIN',
  'MAC_OVERRIDE',
  'NET_ADMIN',
  'NET_RAW',
  'PERFMON',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_MODULE',
  'SYS_PTRACE',
  'SYS_RAWIO',
]);

function isDangerous(cap: unknown): boolean {
  return typeof cap === 'string' && DANGEROUS.has(cap.trim().toUpperCase().replace(/^CAP_/, ''));
}

function dangerousAdds(container: Record<string, unknown>): string[] {
  return items(dig(container, 'securityContext', 'capabilities', 'add')).filter(isDangerous) as string[];
}

export const k8sWorkloadNoDangerousCapabilities = workloadRule({
  id: 'k8s-workload-no-dangerous-capabilities',
  title: 'Containers do not add dangerous Linux capabilities',
  severity: 'high',
  rationale:
    'Capabilities such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE or ALL hand a container most of root\'s power over the kernel (mounts, module loading, tracing other processes, reconfiguring the network), and NET_RAW allows packet spoofing and ARP/DNS poisoning of neighbouring pods.',
  remediation: 'Remove SYS_ADMIN, NET_RAW, NET_ADMIN, SYS_PTRACE, SYS_MODULE, ALL and the like from securityContext.capabilities.add; add only the narrow capability the process needs (e.g. NET_BIND_SERVICE).',
  controls: controls({
    'cis-kubernetes': ['5.2.8', '5.2.9'],
    'nist-800-53': ['AC-6', 'CM-7'],
    'pci-dss': ['2.2.6'],
    hitrust: ['01.c'],
    'iso-27001': ['A.8.2'],
    soc2: ['CC6.1'],
  }),
  validate(workload, _args, report) {
    const offenders = containersOf(workload.pod).flatMap((ref) => {
      const caps = dangerousAdds(ref.container);
      return caps.length > 0 ? [`${ref.label} (adds ${caps.join(', ')})`] : [];
    });
    reportContainers(workload, 'adds dangerous capabilities', offenders, report);
  },
  remediate(workload) {
    const pod = mapContainers(workload.pod, (container) => {
      if (dangerousAdds(container).length === 0) return undefined;
      const security = record(container.securityContext) ?? {};
      const { add, ...capabilities } = record(security.capabilities) ?? {};
      const kept = items(add).filter((cap) => !isDangerous(cap));
      const nextCapabilities = kept.length > 0 ? { ...capabilities, add: kept } : capabilities;
      if (Object.keys(nextCapabilities).length > 0) return { ...container, securityContext: { ...security, capabilities: nextCapabilities } };
      // Nothing left to say about capabilities: drop the emptied block rather than leave `capabilities: {}`.
      const { capabilities: _emptied, ...rest } = security;
      return { ...container, securityContext: rest };
    });
    return withPod(workload, pod);
  },
  examples: {
    pass: [
      k8sDeployment('web', {
        containers: [{ name: 'app', image: 'nginx:1.27', securityContext: { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } }],
      }),
    ],
    fail: [
      k8sDeployment('vpn', {
        containers: [{ name: 'wireguard', image: 'wireguard:1.0.2', securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_BIND_SERVICE'] } } }],
      }),
      k8sPod('debug', { containers: [{ name: 'shell', image: 'nicolaka/netshoot:v0.13', securityContext: { capabilities: { add: ['CAP_SYS_ADMIN', 'NET_RAW'] } } }] }),
    ],
  },
});

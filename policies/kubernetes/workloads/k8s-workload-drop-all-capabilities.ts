/**
 * Containers drop ALL Linux capabilities and add back only what they need. The runtime's default
 * set includes NET_RAW, CHOWN, SETUID and others most processes never use.
 */
import { controls } from '../../lib/controls.ts';
import { k8sCronJob, k8sDeployment, k8sPod } from '../../lib/k8s-examples.ts';
import { containersOf, dig, isWindows, mapContainers, reportContainers, withPod, workloadRule } from '../../lib/k8s-workload.ts';
import { isSecret, items, record } from '../../lib/values.ts';

function dropsAll(container: Record<string, unknown>): boolean {
  const drop = dig(container, 'securityContext', 'capabilities', 'drop');
  // A masked list may well hold ALL: no finding on what we cannot see.
  if (isSecret(drop)) return true;
  return items(drop).some((cap) => isSecret(cap) || (typeof cap === 'string' && cap.trim().toUpperCase() === 'ALL'));
}

export const k8sWorkloadDropAllCapabilities = workloadRule({
  id: 'k8s-workload-drop-all-capabilities',
  title: 'Containers drop all Linux capabilities',
  severity: 'medium',
  rationale:
    'Containers start with the runtime\'s default capability set (NET_RAW, CHOWN, DAC_OVERRIDE, SETUID, SETGID, ...). An attacker in the container uses them for packet spoofing, file ownership tricks and privilege changes; dropping ALL and adding back the one or two a process needs removes that toolkit.',
  remediation: 'Add "ALL" to securityContext.capabilities.drop on every container; keep capabilities.add for what the process really needs (e.g. NET_BIND_SERVICE).',
  controls: controls({
    'cis-kubernetes': ['5.2.8', '5.2.10'],
    'nist-800-53': ['AC-6', 'CM-7'],
    'pci-dss': ['2.2.6'],
    hitrust: ['01.c'],
    'iso-27001': ['A.8.2', 'A.8.9'],
    soc2: ['CC6.1'],
  }),
  validate(workload, _args, report) {
    if (isWindows(workload.pod)) return;
    const offenders = containersOf(workload.pod)
      .filter((ref) => !dropsAll(ref.container))
      .map((ref) => ref.label);
    reportContainers(workload, 'keeps default capabilities (capabilities.drop does not include ALL)', offenders, report);
  },
  remediate(workload) {
    if (isWindows(workload.pod)) return undefined;
    const pod = mapContainers(workload.pod, (container) => {
      if (dropsAll(container)) return undefined;
      const security = record(container.securityContext) ?? {};
      const capabilities = record(security.capabilities) ?? {};
      const drop = [...items(capabilities.drop), 'ALL'];
      return { ...container, securityContext: { ...security, capabilities: { ...capabilities, drop } } };
    });
    return withPod(workload, pod);
  },
  examples: {
    pass: [
      k8sDeployment('web', {
        containers: [{ name: 'app', image: 'nginx:1.27', securityContext: { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } }],
      }),
      k8sPod('iis', { os: { name: 'windows' }, containers: [{ name: 'iis', image: 'mcr.microsoft.com/windows/servercore/iis:ltsc2022' }] }),
    ],
    fail: [
      k8sDeployment('web', { containers: [{ name: 'app', image: 'nginx:1.27', securityContext: { capabilities: { drop: ['NET_RAW'] } } }] }),
      k8sCronJob('report', { containers: [{ name: 'report', image: 'report:0.9.1' }] }),
    ],
  },
});

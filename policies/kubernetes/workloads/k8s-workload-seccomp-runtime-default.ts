/**
 * Containers run under a seccomp profile: RuntimeDefault (CIS 5.7.2's docker/default) or a
 * Localhost profile. Kubernetes still defaults to Unconfined unless the kubelet opts in.
 */
import { controls } from '../../lib/controls.ts';
import { k8sDeployment, k8sJob, k8sPod } from '../../lib/k8s-examples.ts';
import { containersOf, dig, effective, isWindows, mapContainers, reportContainers, withPod, withSecurity, workloadRule } from '../../lib/k8s-workload.ts';
import { isSecret, text } from '../../lib/values.ts';

const CONFINED = new Set(['RuntimeDefault', 'Localhost']);

type Profile = 'confined' | 'unknown' | string;

function profileOf(profile: unknown): Profile {
  const type = dig(profile, 'type');
  if (isSecret(profile) || isSecret(type)) return 'unknown';
  const name = text(type);
  if (name !== undefined && CONFINED.has(name)) return 'confined';
  return name ?? 'unset';
}

export const k8sWorkloadSeccompRuntimeDefault = workloadRule({
  id: 'k8s-workload-seccomp-runtime-default',
  title: 'Containers run with the RuntimeDefault seccomp profile',
  severity: 'medium',
  rationale:
    'Without a seccomp profile a container can make every system call the kernel offers, including the rarely used ones behind most container-escape exploits; the runtime\'s default profile blocks them with no effect on ordinary applications.',
  remediation: 'Set securityContext.seccompProfile.type to RuntimeDefault in the pod template (or a reviewed Localhost profile), and remove Unconfined from containers.',
  controls: controls({
    'cis-kubernetes': ['5.7.2'],
    'nist-800-53': ['CM-7', 'SC-39'],
    'pci-dss': ['2.2.6'],
    'iso-27001': ['A.8.9'],
    soc2: ['CC6.8'],
  }),
  validate(workload, _args, report) {
    if (isWindows(workload.pod)) return;
    const offenders = containersOf(workload.pod).flatMap((ref) => {
      const profile = profileOf(effective(workload.pod, ref.container, 'seccompProfile'));
      return profile === 'confined' || profile === 'unknown' ? [] : [`${ref.label} (${profile})`];
    });
    reportContainers(workload, 'runs containers without a seccomp profile', offenders, report);
  },
  remediate(workload) {
    if (isWindows(workload.pod)) return undefined;
    const runtimeDefault = { seccompProfile: { type: 'RuntimeDefault' } };
    const podProfile = profileOf(dig(workload.pod, 'securityContext', 'seccompProfile'));
    const base = podProfile === 'confined' ? workload.pod : withSecurity(workload.pod, runtimeDefault);
    const pod = mapContainers(base, (container) => {
      const own = dig(container, 'securityContext', 'seccompProfile');
      if (own === undefined) return undefined;
      const profile = profileOf(own);
      return profile === 'confined' || profile === 'unknown' ? undefined : withSecurity(container, runtimeDefault);
    });
    return withPod(workload, pod);
  },
  examples: {
    pass: [
      k8sDeployment('web', { securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [{ name: 'app', image: 'nginx:1.27' }] }),
      k8sPod('tool', {
        containers: [{ name: 'tool', image: 'tool:1.0.0', securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/tool.json' } } }],
      }),
    ],
    fail: [
      k8sDeployment('web', { containers: [{ name: 'app', image: 'nginx:1.27' }] }),
      k8sJob('load-test', {
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{ name: 'k6', image: 'grafana/k6:0.53.0', securityContext: { seccompProfile: { type: 'Unconfined' } } }],
      }),
    ],
  },
});

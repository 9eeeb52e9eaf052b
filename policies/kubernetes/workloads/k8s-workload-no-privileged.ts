/** No container runs privileged: a privileged container is root on the node. */
import { controls } from '../../lib/controls.ts';
import { k8sCronJob, k8sDeployment, k8sPod } from '../../lib/k8s-examples.ts';
import { containersOf, dig, mapContainers, reportContainers, withPod, withSecurity, workloadRule } from '../../lib/k8s-workload.ts';
import { flag } from '../../lib/values.ts';

export const k8sWorkloadNoPrivileged = workloadRule({
  id: 'k8s-workload-no-privileged',
  title: 'Containers do not run privileged',
  severity: 'critical',
  rationale:
    'A privileged container gets every Linux capability and all host devices, with no seccomp or AppArmor confinement: anyone who compromises it can load kernel modules, mount the host filesystem and take over the node and every workload on it.',
  remediation: 'Set securityContext.privileged to false (or remove it) on every container; grant the one capability the process needs instead.',
  controls: controls({
    'cis-kubernetes': ['5.2.2'],
    'nist-800-53': ['AC-6', 'CM-7', 'SC-39'],
    'pci-dss': ['2.2.6'],
    hitrust: ['01.c'],
    'iso-27001': ['A.8.2', 'A.8.9'],
    soc2: ['CC6.1'],
  }),
  validate(workload, _args, report) {
    const offenders = containersOf(workload.pod)
      .filter((ref) => flag(dig(ref.container, 'securityContext', 'privileged')) === true)
      .map((ref) => ref.label);
    reportContainers(workload, 'runs privileged containers (securityContext.privileged is true)', offenders, report);
  },
  remediate(workload) {
    const pod = mapContainers(workload.pod, (container) =>
      flag(dig(container, 'securityContext', 'privileged')) === true ? withSecurity(container, { privileged: false }) : undefined,
    );
    return withPod(workload, pod);
  },
  examples: {
    pass: [
      k8sDeployment('web', { containers: [{ name: 'app', image: 'nginx:1.27', securityContext: { privileged: false } }] }),
      k8sPod('debug', { containers: [{ name: 'shell', image: 'busybox:1.36' }] }),
      // A Pod its ReplicaSet made, as a live cluster lists it: the finding belongs to the owner.
      {
        type: 'kubernetes:core/v1:Pod',
        name: 'agent-7d9f8-x2x4q',
        props: {
          metadata: { name: 'agent-7d9f8-x2x4q', namespace: 'shop', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'agent-7d9f8', controller: true }] },
          spec: { containers: [{ name: 'agent', image: 'agent:3.1.0', securityContext: { privileged: true } }] },
        },
      },
    ],
    fail: [
      k8sDeployment('web', { containers: [{ name: 'app', image: 'nginx:1.27', securityContext: { privileged: true } }] }),
      k8sCronJob('backup', {
        initContainers: [{ name: 'mount', image: 'busybox:1.36', securityContext: { privileged: true, runAsUser: 0 } }],
        containers: [{ name: 'dump', image: 'postgres:16' }],
      }),
    ],
  },
});

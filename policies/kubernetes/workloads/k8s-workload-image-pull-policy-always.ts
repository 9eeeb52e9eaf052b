/**
 * Containers pull their image on every start (imagePullPolicy Always). With IfNotPresent a pod
 * runs whatever copy is cached on the node, and the registry never checks that the pod may pull
 * it: a pod in another namespace can start someone else's private image.
 */
import { controls } from '../../lib/controls.ts';
import { mutableReference } from '../../lib/k8s-image.ts';
import { k8sDeployment, k8sStatefulSet } from '../../lib/k8s-examples.ts';
import { containersOf, mapContainers, reportContainers, withPod, workloadRule } from '../../lib/k8s-workload.ts';
import { isSecret, text } from '../../lib/values.ts';

/** The policy the API server applies: the declared one, else Always for latest/untagged images and IfNotPresent otherwise. */
function pullPolicy(container: Record<string, unknown>): string | undefined {
  if (isSecret(container.imagePullPolicy)) return undefined;
  const declared = text(container.imagePullPolicy);
  if (declared) return declared;
  const image = text(container.image);
  if (image === undefined) return undefined;
  return mutableReference(image) ? 'Always' : 'IfNotPresent';
}

function pullsLazily(container: Record<string, unknown>): boolean {
  const policy = pullPolicy(container);
  return policy !== undefined && policy !== 'Always';
}

export const k8sWorkloadImagePullPolicyAlways = workloadRule({
  id: 'k8s-workload-image-pull-policy-always',
  title: 'Containers pull their image on every start',
  severity: 'low',
  rationale:
    'With IfNotPresent or Never a node reuses its cached image: the registry does not re-check the pod\'s pull credentials (so any pod scheduled there can run another team\'s private image) and a re-pushed tag silently differs from node to node.',
  remediation: 'Set imagePullPolicy to Always on every container (pulls of unchanged images are cheap: only the manifest is fetched).',
  controls: controls({
    'nist-800-53': ['AC-3', 'CM-2'],
    hitrust: ['10.h'],
    'iso-27001': ['A.8.19'],
    soc2: ['CC6.1'],
  }),
  validate(workload, _args, report) {
    const offenders = containersOf(workload.pod)
      .filter((ref) => pullsLazily(ref.container))
      .map((ref) => `${ref.label} (${pullPolicy(ref.container)}${text(ref.container.imagePullPolicy) ? '' : ' by default'})`);
    reportContainers(workload, 'may run cached images without a registry check', offenders, report);
  },
  remediate(workload) {
    const pod = mapContainers(workload.pod, (container) => (pullsLazily(container) ? { ...container, imagePullPolicy: 'Always' } : undefined));
    return withPod(workload, pod);
  },
  examples: {
    pass: [
      k8sDeployment('web', { containers: [{ name: 'app', image: 'nginx:1.27', imagePullPolicy: 'Always' }] }),
      k8sDeployment('latest', { containers: [{ name: 'app', image: 'nginx' }] }),
    ],
    fail: [
      k8sDeployment('web', { containers: [{ name: 'app', image: 'nginx:1.27' }] }),
      k8sStatefulSet('db', { containers: [{ name: 'postgres', image: 'postgres:16', imagePullPolicy: 'IfNotPresent' }] }),
    ],
  },
});

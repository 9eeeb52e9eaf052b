/**
 * Container images are pinned to a version tag or digest, never `latest` or untagged. No property
 * fix: which version is the right one is a release decision.
 */
import { controls } from '../../lib/controls.ts';
import { mutableReference } from '../../lib/k8s-image.ts';
import { k8sCronJob, k8sDeployment, k8sPod } from '../../lib/k8s-examples.ts';
import { containersOf, reportContainers, workloadRule } from '../../lib/k8s-workload.ts';
import { text } from '../../lib/values.ts';

export const k8sWorkloadImageTagPinned = workloadRule({
  id: 'k8s-workload-image-tag-pinned',
  title: 'Container images are pinned to a version tag or digest',
  severity: 'medium',
  rationale:
    'An untagged or `latest` image means whatever the registry serves when a node pulls: replicas run different code, a rollback restores nothing, and a compromised or mistaken push reaches production with no change in the declared configuration.',
  remediation: 'Reference every image by an immutable version tag or, better, by digest (`name@sha256:...`), and update it through a reviewed change.',
  controls: controls({
    'nist-800-53': ['CM-2', 'SI-7'],
    hitrust: ['10.h'],
    'iso-27001': ['A.8.19', 'A.8.9'],
    soc2: ['CC8.1'],
  }),
  validate(workload, _args, report) {
    const offenders = containersOf(workload.pod).flatMap((ref) => {
      const image = text(ref.container.image);
      const why = image === undefined ? undefined : mutableReference(image);
      return why ? [`${ref.label} uses "${image}" (${why})`] : [];
    });
    reportContainers(workload, 'runs mutable image references', offenders, report);
  },
  examples: {
    pass: [
      k8sDeployment('web', { containers: [{ name: 'app', image: 'registry.example.com:5000/shop/web:2.4.1' }] }),
      k8sPod('tool', { containers: [{ name: 'tool', image: 'busybox@sha256:50aa4698fa6262977cff89181b2664b99d8a56dbca847bf62f2ef04854597cf8' }] }),
    ],
    fail: [
      k8sDeployment('web', { containers: [{ name: 'app', image: 'nginx:latest' }] }),
      k8sCronJob('backup', { containers: [{ name: 'dump', image: 'registry.example.com:5000/ops/pg-dump' }] }),
    ],
  },
});

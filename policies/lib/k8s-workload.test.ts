/** The Kubernetes helpers: pod-spec extraction for every workload kind, the multi-kind builder, image references. */
import type { ResourceValidationArgs } from '@pulumi/policy';
import { describe, expect, it } from 'vitest';
import { k8sCronJob, k8sDaemonSet, k8sDeployment, k8sJob, k8sPod, k8sStatefulSet } from './k8s-examples.ts';
import { mutableReference, parseImage } from './k8s-image.ts';
import { kindsRule } from './k8s-rule.ts';
import { containersOf, dig, mapContainers, setIn, withPod, WORKLOAD_TYPES, workloadOf } from './k8s-workload.ts';
import { SECRET_MARKER } from './values.ts';

const pod = { containers: [{ name: 'app', image: 'nginx:1.27' }], initContainers: [{ name: 'init', image: 'busybox:1.36' }] };

function args(type: string, props: Record<string, unknown>): ResourceValidationArgs {
  return { type, props, name: 'x', urn: 'urn:x' } as unknown as ResourceValidationArgs;
}

describe('workloads', () => {
  it.each([k8sPod, k8sDeployment, k8sStatefulSet, k8sDaemonSet, k8sJob, k8sCronJob])('finds the pod spec of %o', (build) => {
    const example = build('web', pod);
    const workload = workloadOf(example.type, example.props, example.name);
    expect(workload?.pod.containers).toEqual(pod.containers);
    expect(workload?.label).toMatch(/^[A-Za-z]+ "web"$/);
    expect(containersOf(workload!.pod).map((ref) => ref.label)).toEqual(['container "app"', 'init container "init"']);
  });

  it('covers every kind the examples build, and nothing else', () => {
    expect(WORKLOAD_TYPES).toContain('kubernetes:core/v1:ReplicationController');
    expect(workloadOf('kubernetes:core/v1:Service', { spec: {} }, 'svc')).toBeUndefined();
  });

  it('leaves masked, missing and controller-owned specs alone', () => {
    expect(workloadOf('kubernetes:apps/v1:Deployment', { spec: SECRET_MARKER }, 'web')).toBeUndefined();
    expect(workloadOf('kubernetes:apps/v1:Deployment', {}, 'web')).toBeUndefined();
    const owned = { metadata: { ownerReferences: [{ kind: 'ReplicaSet', name: 'web-1', controller: true }] }, spec: pod };
    expect(workloadOf('kubernetes:core/v1:Pod', owned, 'web-1-abc')).toBeUndefined();
  });

  it('writes a changed pod spec back where the kind keeps it, without touching the input', () => {
    const example = k8sCronJob('report', pod);
    const before = structuredClone(example.props);
    const workload = workloadOf(example.type, example.props, example.name)!;
    const next = withPod(workload, mapContainers(workload.pod, (container) => ({ ...container, image: 'nginx:1.28' })));
    expect(example.props).toEqual(before);
    expect(dig(next, 'spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers')).toEqual([{ name: 'app', image: 'nginx:1.28' }]);
    expect(dig(next, 'spec', 'schedule')).toBe('0 3 * * *');
  });

  it('tells a masked level from a missing one', () => {
    expect(dig({ a: SECRET_MARKER }, 'a', 'b', 'c')).toBe(SECRET_MARKER);
    expect(dig({ a: {} }, 'a', 'b', 'c')).toBeUndefined();
    expect(setIn({ a: { keep: 1 } }, ['a', 'b', 'c'], 2)).toEqual({ a: { keep: 1, b: { c: 2 } } });
  });
});

describe('kindsRule', () => {
  const rule = kindsRule<{ flag: boolean }>({
    id: 'k8s-test',
    title: 'test',
    severity: 'low',
    rationale: 'r',
    remediation: 'r',
    controls: [],
    resourceTypes: ['kubernetes:core/v1:Pod', 'kubernetes:apps/v1:Deployment'],
    validate(props, _args, report) {
      if (props.flag !== true) report('flag is not true');
    },
    remediate(props) {
      return { ...props, flag: true };
    },
    examples: { pass: [], fail: [] },
  });

  it('has one typed validator per kind, each answering only for its own type', () => {
    const validators = [rule.validateResource].flat();
    expect(validators.map((validate) => (validate as { __pulumiType?: string }).__pulumiType)).toEqual(rule.resourceTypes);
    const reports: string[] = [];
    for (const validate of validators) validate!(args('kubernetes:apps/v1:Deployment', {}), (message) => reports.push(message));
    expect(reports).toEqual(['flag is not true']);
  });

  it('remediates only resources of its kinds that it reports', () => {
    expect(rule.remediateResource!(args('kubernetes:core/v1:Pod', {}))).toEqual({ flag: true });
    expect(rule.remediateResource!(args('kubernetes:core/v1:Pod', { flag: true }))).toBeUndefined();
    expect(rule.remediateResource!(args('kubernetes:core/v1:Service', {}))).toBeUndefined();
  });
});

describe('image references', () => {
  it('splits tag and digest, leaving registry ports alone', () => {
    expect(parseImage('registry.example.com:5000/shop/web:2.4.1')).toEqual({ tag: '2.4.1', digest: undefined });
    expect(parseImage('registry.example.com:5000/shop/web')).toEqual({ tag: undefined, digest: undefined });
    expect(parseImage('nginx@sha256:abc')).toEqual({ tag: undefined, digest: 'sha256:abc' });
    expect([mutableReference('nginx'), mutableReference('nginx:LATEST'), mutableReference('nginx:latest@sha256:abc')]).toEqual([
      'no tag (pulls latest)',
      'the latest tag',
      undefined,
    ]);
  });
});

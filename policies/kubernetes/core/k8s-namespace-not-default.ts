/**
 * Workloads and their companions live in a namespace of their own, not `default`. An object with
 * no metadata.namespace lands in `default` unless the Pulumi provider sets a namespace, which a
 * resource rule cannot see: the message says so. No property fix: the namespace has to exist, and
 * moving an object there replaces it.
 */
import { controls } from '../../lib/controls.ts';
import { k8sDeployment } from '../../lib/k8s-examples.ts';
import { DEFAULT_NAMESPACE, namespaceOf } from '../../lib/k8s-namespace.ts';
import { kindsRule } from '../../lib/k8s-rule.ts';
import { dig, isControlled, WORKLOAD_TYPES } from '../../lib/k8s-workload.ts';
import { present, text } from '../../lib/values.ts';

const NAMESPACED_TYPES = [
  ...WORKLOAD_TYPES,
  'kubernetes:core/v1:ConfigMap',
  'kubernetes:core/v1:PersistentVolumeClaim',
  'kubernetes:core/v1:Secret',
  'kubernetes:core/v1:Service',
  'kubernetes:core/v1:ServiceAccount',
  'kubernetes:networking.k8s.io/v1:Ingress',
  'kubernetes:rbac.authorization.k8s.io/v1:Role',
  'kubernetes:rbac.authorization.k8s.io/v1:RoleBinding',
];

function kindOf(type: string): string {
  return type.slice(type.lastIndexOf(':') + 1);
}

export const k8sNamespaceNotDefault = kindsRule({
  id: 'k8s-namespace-not-default',
  title: 'Objects are not created in the default namespace',
  severity: 'low',
  rationale:
    'Namespaces are the boundary RBAC, NetworkPolicies, resource quotas and Pod Security admission apply to. Everything put in `default` shares one boundary with everything else put there, and the default namespace is where clusters rarely have any of those controls.',
  remediation: 'Create a namespace per application or team and set metadata.namespace on every object (or the namespace of the Pulumi Kubernetes provider).',
  controls: controls({
    'cis-kubernetes': ['5.7.1', '5.7.4'],
    'nist-800-53': ['AC-3', 'AC-4'],
    'iso-27001': ['A.8.22'],
    soc2: ['CC6.1'],
  }),
  resourceTypes: NAMESPACED_TYPES,
  validate(props, args, report) {
    // A controller's copies (ReplicaSets, Pods) move with their owner, which is reported itself.
    if (namespaceOf(props) !== DEFAULT_NAMESPACE || isControlled(props)) return;
    const label = `${kindOf(args.type)} "${text(dig(props, 'metadata', 'name')) ?? args.name}"`;
    const how = present(dig(props, 'metadata', 'namespace'))
      ? 'metadata.namespace is "default"'
      : 'metadata.namespace is unset (the default namespace, unless the provider sets one)';
    report(`${label} is in the default namespace: ${how}`);
  },
  examples: {
    pass: [
      k8sDeployment('web', { containers: [{ name: 'app', image: 'nginx:1.27' }] }, 'shop'),
      { type: 'kubernetes:core/v1:ConfigMap', name: 'settings', props: { metadata: { name: 'settings', namespace: 'shop' }, data: { mode: 'prod' } } },
    ],
    fail: [
      k8sDeployment('web', { containers: [{ name: 'app', image: 'nginx:1.27' }] }, 'default'),
      { type: 'kubernetes:core/v1:Service', name: 'web', props: { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } } },
    ],
  },
});

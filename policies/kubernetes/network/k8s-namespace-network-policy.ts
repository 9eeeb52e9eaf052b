/**
 * Every namespace that runs workloads has at least one NetworkPolicy (Kubernetes' own, or a
 * Calico or Cilium one). A stack rule: it joins workloads and policies by namespace. The finding
 * goes on the Namespace object when the stack declares it, else on the namespace's first workload.
 */
import type { PolicyResource } from '@pulumi/policy';
import { controls } from '../../lib/controls.ts';
import { k8sDeployment, k8sJob } from '../../lib/k8s-examples.ts';
import { namespaceOf, SYSTEM_NAMESPACES } from '../../lib/k8s-namespace.ts';
import { dig, isControlled, WORKLOAD_TYPES, workloadOf } from '../../lib/k8s-workload.ts';
import { isSecret, text } from '../../lib/values.ts';
import { stackRule } from '../../rule.ts';

const NETWORK_POLICY_TYPES: ReadonlySet<string> = new Set([
  'kubernetes:networking.k8s.io/v1:NetworkPolicy',
  'kubernetes:cilium.io/v2:CiliumNetworkPolicy',
  'kubernetes:crd.projectcalico.org/v1:NetworkPolicy',
  'kubernetes:projectcalico.org/v3:NetworkPolicy',
]);
const NAMESPACE = 'kubernetes:core/v1:Namespace';
const WORKLOADS: ReadonlySet<string> = new Set(WORKLOAD_TYPES);

export const k8sNamespaceNetworkPolicy = stackRule({
  id: 'k8s-namespace-network-policy',
  title: 'Namespaces with workloads have a NetworkPolicy',
  severity: 'medium',
  rationale:
    'Pods accept traffic from any pod in the cluster until a NetworkPolicy selects them. In a namespace without one, a single compromised pod anywhere can reach every service there: databases, admin endpoints, internal APIs.',
  remediation:
    'Add a NetworkPolicy to the namespace, starting with a default-deny ingress policy (podSelector: {}, policyTypes: [Ingress]) and policies that allow the flows the workloads need.',
  controls: controls({
    'cis-kubernetes': ['5.3.2'],
    'nist-800-53': ['AC-4', 'SC-7'],
    'pci-dss': ['1.3.1', '1.3.2'],
    hitrust: ['01.m'],
    'iso-27001': ['A.8.22'],
    soc2: ['CC6.6'],
  }),
  resourceTypes: [...WORKLOAD_TYPES, ...NETWORK_POLICY_TYPES, NAMESPACE],
  validate(args, report) {
    const covered = new Set<string>();
    const workloads = new Map<string, PolicyResource[]>();
    for (const resource of args.resources) {
      if (NETWORK_POLICY_TYPES.has(resource.type)) {
        const namespace = namespaceOf(resource.props);
        // A policy in a masked namespace may cover any of them: no finding on what we cannot see.
        if (namespace === undefined) return;
        covered.add(namespace);
      } else if (WORKLOADS.has(resource.type)) {
        const namespace = namespaceOf(resource.props);
        if (namespace === undefined || SYSTEM_NAMESPACES.has(namespace)) continue;
        const list = workloads.get(namespace) ?? [];
        list.push(resource);
        workloads.set(namespace, list);
      }
    }
    for (const [namespace, members] of workloads) {
      if (covered.has(namespace)) continue;
      const declared = args.resources.find((r) => r.type === NAMESPACE && !isSecret(dig(r.props, 'metadata', 'name')) && text(dig(r.props, 'metadata', 'name')) === namespace);
      // Name the workloads people declare, not the ReplicaSets and Pods their controllers made.
      const owners = members.filter((member) => !isControlled(member.props));
      const named = owners.length > 0 ? owners : members;
      const names = named.map((member) => workloadOf(member.type, member.props, member.name)?.label ?? member.name);
      report(`Namespace "${namespace}" runs ${names.join(', ')} but has no NetworkPolicy: every pod in the cluster can reach them`, (declared ?? named[0]).urn);
    }
  },
  examples: {
    pass: [
      [
        { type: NAMESPACE, name: 'shop', props: { metadata: { name: 'shop' } } },
        k8sDeployment('web', { containers: [{ name: 'app', image: 'nginx:1.27' }] }),
        {
          type: 'kubernetes:networking.k8s.io/v1:NetworkPolicy',
          name: 'default-deny',
          props: { metadata: { name: 'default-deny', namespace: 'shop' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } },
        },
      ],
      [
        k8sDeployment('coredns', { containers: [{ name: 'coredns', image: 'coredns/coredns:1.11.3' }] }, 'kube-system'),
        { type: 'kubernetes:core/v1:ConfigMap', name: 'settings', props: { metadata: { name: 'settings', namespace: 'shop' } } },
      ],
    ],
    fail: [
      [
        { type: NAMESPACE, name: 'shop', props: { metadata: { name: 'shop' } } },
        k8sDeployment('web', { containers: [{ name: 'app', image: 'nginx:1.27' }] }),
        k8sJob('migrate', { containers: [{ name: 'migrate', image: 'flyway/flyway:10' }] }),
      ],
      [
        k8sDeployment('web', { containers: [{ name: 'app', image: 'nginx:1.27' }] }, 'payments'),
        {
          type: 'kubernetes:networking.k8s.io/v1:NetworkPolicy',
          name: 'default-deny',
          props: { metadata: { name: 'default-deny', namespace: 'shop' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } },
        },
      ],
    ],
  },
});

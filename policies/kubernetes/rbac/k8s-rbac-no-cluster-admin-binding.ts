/**
 * The cluster-admin ClusterRole is bound only to Kubernetes' own subjects. No property fix: the
 * replacement is a narrower role someone has to define.
 */
import { controls } from '../../lib/controls.ts';
import { CLUSTER_ROLE_BINDING, isSystemObject, rbacLabel, ROLE_BINDING, type BindingProps } from '../../lib/k8s-rbac.ts';
import { kindsRule } from '../../lib/k8s-rule.ts';
import { dig } from '../../lib/k8s-workload.ts';
import { isSecret, items, record, text } from '../../lib/values.ts';

function subjectLabel(subject: Record<string, unknown>): string {
  const kind = text(subject.kind) ?? 'subject';
  const namespace = text(subject.namespace);
  return `${kind} "${namespace ? `${namespace}/` : ''}${text(subject.name)}"`;
}

export const k8sRbacNoClusterAdminBinding = kindsRule<BindingProps>({
  id: 'k8s-rbac-no-cluster-admin-binding',
  title: 'The cluster-admin role is not bound to users, groups or service accounts',
  severity: 'critical',
  rationale:
    'cluster-admin is unrestricted superuser access to every object in every namespace, including secrets and RBAC itself. Each subject bound to it is a full cluster compromise waiting for one leaked credential.',
  remediation: 'Delete the binding and bind the subject to a role with only the permissions it uses (namespace-scoped RoleBindings where possible); keep cluster-admin for break-glass access.',
  controls: controls({
    'cis-kubernetes': ['5.1.1'],
    'nist-800-53': ['AC-6', 'AC-2'],
    'pci-dss': ['7.2.2'],
    hitrust: ['01.c'],
    'iso-27001': ['A.8.2'],
    soc2: ['CC6.3'],
  }),
  resourceTypes: [CLUSTER_ROLE_BINDING, ROLE_BINDING],
  validate(props, args, report) {
    if (isSystemObject(props)) return;
    if (text(dig(props, 'roleRef', 'kind')) !== 'ClusterRole' || text(dig(props, 'roleRef', 'name')) !== 'cluster-admin') return;
    const subjects = items(props.subjects).flatMap((entry) => {
      const subject = record(entry);
      const name = subject?.name;
      if (!subject || isSecret(name) || text(name) === undefined || text(name)!.startsWith('system:')) return [];
      return [subjectLabel(subject)];
    });
    if (subjects.length > 0) report(`${rbacLabel(args.type, props, args.name)} grants cluster-admin to ${subjects.join(', ')}`);
  },
  examples: {
    pass: [
      {
        type: CLUSTER_ROLE_BINDING,
        name: 'ops-view',
        props: { metadata: { name: 'ops-view' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'Group', name: 'ops' }] },
      },
      {
        type: CLUSTER_ROLE_BINDING,
        name: 'masters',
        props: {
          metadata: { name: 'masters' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
          subjects: [{ kind: 'Group', name: 'system:masters' }],
        },
      },
    ],
    fail: [
      {
        type: CLUSTER_ROLE_BINDING,
        name: 'ci-admin',
        props: {
          metadata: { name: 'ci-admin' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
          subjects: [{ kind: 'ServiceAccount', name: 'ci', namespace: 'build' }],
        },
      },
      {
        type: ROLE_BINDING,
        name: 'shop-admins',
        props: {
          metadata: { name: 'shop-admins', namespace: 'shop' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
          subjects: [{ kind: 'User', name: 'alice@example.com' }],
        },
      },
    ],
  },
});

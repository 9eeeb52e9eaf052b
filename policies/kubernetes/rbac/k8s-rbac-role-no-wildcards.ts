/**
 * Roles and ClusterRoles name their API groups, resources and verbs instead of using `*`. No
 * property fix: the exact list a subject needs is not in the declaration.
 */
import { controls } from '../../lib/controls.ts';
import { CLUSTER_ROLE, isSystemObject, policyRules, rbacLabel, ROLE, strings, type RoleProps } from '../../lib/k8s-rbac.ts';
import { kindsRule } from '../../lib/k8s-rule.ts';

const FIELDS = ['apiGroups', 'resources', 'verbs', 'nonResourceURLs'] as const;

export const k8sRbacRoleNoWildcards = kindsRule<RoleProps>({
  id: 'k8s-rbac-role-no-wildcards',
  title: 'Roles and ClusterRoles do not use wildcards',
  severity: 'high',
  rationale:
    'A `*` in verbs, resources or API groups grants everything that exists today and everything added later (new CRDs, subresources such as pods/exec, escalate and impersonate): least privilege cannot be reviewed or held.',
  remediation: 'Replace every "*" in the role\'s rules with the specific apiGroups, resources and verbs the subjects need.',
  controls: controls({
    'cis-kubernetes': ['5.1.3'],
    'nist-800-53': ['AC-6'],
    'pci-dss': ['7.2.1', '7.2.2'],
    hitrust: ['01.c'],
    'iso-27001': ['A.8.2', 'A.5.15'],
    soc2: ['CC6.3'],
  }),
  resourceTypes: [ROLE, CLUSTER_ROLE],
  validate(props, args, report) {
    if (isSystemObject(props)) return;
    const found = policyRules(props).flatMap(({ rule, index }) => {
      const fields = FIELDS.filter((field) => strings(rule[field]).includes('*'));
      return fields.length > 0 ? [`rule ${index + 1} (${fields.join(', ')})`] : [];
    });
    if (found.length > 0) report(`${rbacLabel(args.type, props, args.name)} grants wildcards: ${found.join('; ')}`);
  },
  examples: {
    pass: [
      {
        type: ROLE,
        name: 'deployer',
        props: { metadata: { name: 'deployer', namespace: 'shop' }, rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'patch'] }] },
      },
      // Kubernetes' own role: not the estate's to fix.
      { type: CLUSTER_ROLE, name: 'cluster-admin', props: { metadata: { name: 'cluster-admin' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] } },
    ],
    fail: [
      { type: ROLE, name: 'ops', props: { metadata: { name: 'ops', namespace: 'shop' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }] } },
      {
        type: CLUSTER_ROLE,
        name: 'ci',
        props: {
          metadata: { name: 'ci' },
          rules: [
            { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] },
            { apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list'] },
          ],
        },
      },
    ],
  },
});

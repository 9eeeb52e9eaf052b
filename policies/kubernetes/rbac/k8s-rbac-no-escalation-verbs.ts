/**
 * Roles and ClusterRoles do not grant `bind`, `escalate` or `impersonate`. The fix removes those
 * verbs (and any rule left with no verb); a rule that uses `*` is the wildcard rule's finding.
 */
import { controls } from '../../lib/controls.ts';
import { CLUSTER_ROLE, isSystemObject, policyRules, rbacLabel, ROLE, strings, type RoleProps } from '../../lib/k8s-rbac.ts';
import { kindsRule } from '../../lib/k8s-rule.ts';
import { items, record } from '../../lib/values.ts';

const ESCALATION = new Set(['bind', 'escalate', 'impersonate']);

function escalationVerbs(rule: Record<string, unknown>): string[] {
  return strings(rule.verbs).filter((verb) => ESCALATION.has(verb.toLowerCase()));
}

export const k8sRbacNoEscalationVerbs = kindsRule<RoleProps>({
  id: 'k8s-rbac-no-escalation-verbs',
  title: 'Roles and ClusterRoles do not grant bind, escalate or impersonate',
  severity: 'high',
  rationale:
    'These verbs bypass RBAC\'s own protection against privilege escalation: escalate lets a subject write roles with permissions it does not hold, bind lets it attach any role (cluster-admin included) to itself, and impersonate lets it act as any user, group or service account.',
  remediation: 'Remove bind, escalate and impersonate from the role\'s verbs; if a controller truly needs one, scope it with resourceNames to the exact roles or identities.',
  controls: controls({
    'cis-kubernetes': ['5.1.8'],
    'nist-800-53': ['AC-6'],
    'pci-dss': ['7.2.1'],
    hitrust: ['01.c'],
    'iso-27001': ['A.8.2'],
    soc2: ['CC6.3'],
  }),
  resourceTypes: [ROLE, CLUSTER_ROLE],
  validate(props, args, report) {
    if (isSystemObject(props)) return;
    const found = policyRules(props).flatMap(({ rule, index }) => {
      const verbs = escalationVerbs(rule);
      return verbs.length > 0 ? [`rule ${index + 1} (${verbs.join(', ')} on ${strings(rule.resources).join(', ') || 'any resource'})`] : [];
    });
    if (found.length > 0) report(`${rbacLabel(args.type, props, args.name)} grants privilege-escalation verbs: ${found.join('; ')}`);
  },
  remediate(props) {
    if (isSystemObject(props) || !Array.isArray(props.rules)) return undefined;
    const rules = items(props.rules).flatMap((entry) => {
      const rule = record(entry);
      if (!rule || escalationVerbs(rule).length === 0) return [entry];
      const verbs = items(rule.verbs).filter((verb) => typeof verb !== 'string' || !ESCALATION.has(verb.toLowerCase()));
      return verbs.length > 0 ? [{ ...rule, verbs }] : [];
    });
    return { ...props, rules };
  },
  examples: {
    pass: [
      {
        type: CLUSTER_ROLE,
        name: 'viewer',
        props: { metadata: { name: 'viewer' }, rules: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: ['get', 'list'] }] },
      },
    ],
    fail: [
      {
        type: CLUSTER_ROLE,
        name: 'ci',
        props: {
          metadata: { name: 'ci' },
          rules: [
            { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles', 'clusterrolebindings'], verbs: ['get', 'create', 'bind', 'escalate'] },
            { apiGroups: [''], resources: ['users', 'serviceaccounts'], verbs: ['impersonate'] },
          ],
        },
      },
    ],
  },
});

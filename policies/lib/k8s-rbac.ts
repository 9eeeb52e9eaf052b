/**
 * RBAC objects (rbac.authorization.k8s.io/v1): the rules of Roles and ClusterRoles, and the
 * subjects of bindings. Objects Kubernetes manages itself (`system:` names, the built-in
 * cluster-admin role and binding) are left alone: nobody can fix them in their own code.
 */
import { dig } from './k8s-workload.ts';
import { items, record, text } from './values.ts';

const GROUP = 'kubernetes:rbac.authorization.k8s.io/v1';
export const ROLE = `${GROUP}:Role`;
export const CLUSTER_ROLE = `${GROUP}:ClusterRole`;
export const ROLE_BINDING = `${GROUP}:RoleBinding`;
export const CLUSTER_ROLE_BINDING = `${GROUP}:ClusterRoleBinding`;

export interface PolicyRuleProps {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface RoleProps {
  metadata: { name?: string; namespace?: string };
  rules: PolicyRuleProps[];
  aggregationRule: Record<string, unknown>;
}

export interface BindingProps {
  metadata: { name?: string; namespace?: string };
  roleRef: { apiGroup?: string; kind?: string; name?: string };
  subjects: { kind?: string; name?: string; namespace?: string; apiGroup?: string }[];
}

export function kindOf(type: string): string {
  return type.slice(type.lastIndexOf(':') + 1);
}

/** `ClusterRole "deployer"`. */
export function rbacLabel(type: string, props: Record<string, unknown>, name: string): string {
  return `${kindOf(type)} "${text(dig(props, 'metadata', 'name')) ?? name}"`;
}

/** Managed by Kubernetes (or its add-ons) rather than by the estate's own code. */
export function isSystemObject(props: Record<string, unknown>): boolean {
  const name = text(dig(props, 'metadata', 'name'));
  return name !== undefined && (name.startsWith('system:') || name === 'cluster-admin');
}

/** The role's rules that can be read (masked ones are skipped), with their position. */
export function policyRules(props: Record<string, unknown>): { rule: Record<string, unknown>; index: number }[] {
  return items(props.rules).flatMap((entry, index) => {
    const rule = record(entry);
    return rule ? [{ rule, index }] : [];
  });
}

/** The readable strings of a rule field. */
export function strings(value: unknown): string[] {
  return items(value).filter((item): item is string => typeof item === 'string');
}

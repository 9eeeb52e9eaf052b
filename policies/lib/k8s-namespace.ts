/** Namespaces of namespaced Kubernetes objects. */
import { dig } from './k8s-workload.ts';
import { isSecret, text } from './values.ts';

export const DEFAULT_NAMESPACE = 'default';

/** Namespaces Kubernetes itself runs in; user policies are not expected there. */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

/**
 * The namespace an object lives in: metadata.namespace, or "default" when unset (what the API
 * server and, unless its provider sets a namespace, @pulumi/kubernetes use); undefined when masked.
 */
export function namespaceOf(props: Record<string, unknown>): string | undefined {
  const namespace = dig(props, 'metadata', 'namespace');
  if (isSecret(namespace)) return undefined;
  return text(namespace) ?? DEFAULT_NAMESPACE;
}

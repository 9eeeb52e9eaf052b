/**
 * The kubectl collector: one `kubectl get <kinds> -A -o json` for the workload, network and RBAC
 * kinds the Kubernetes rules look at, mapped by the file-based `kubernetes` source's own mapper
 * (src/sources/kubernetes/map.ts), so a cluster read live and the same cluster's export give the
 * same keys and props. Secrets and ConfigMaps are deliberately not read: their values are the
 * credentials this source must never hold. Scope `kubernetes:<context>` (the connection's name
 * when it uses the current context, so switching contexts does not move keys).
 */
import { z } from 'zod';
import type { SourceDocument } from '../../resource.ts';
import { mapObject } from '../../kubernetes/map.ts';
import type { CliRunner } from '../exec.ts';
import { CONNECTION_SOURCE_KIND } from '../kind.ts';

export const KUBERNETES_KINDS = [
  'deployments',
  'statefulsets',
  'daemonsets',
  'pods',
  'services',
  'ingresses',
  'serviceaccounts',
  'roles',
  'clusterroles',
  'rolebindings',
  'clusterrolebindings',
  'networkpolicies',
  'namespaces',
] as const;

const list = z.object({ items: z.array(z.record(z.string(), z.unknown())) });

export interface KubectlCollectOptions {
  /** kubeconfig context; undefined uses the current one. */
  context?: string;
  connection: string;
  origin: string;
}

export function kubectlArgs(context: string | undefined): string[] {
  const args = ['get', KUBERNETES_KINDS.join(','), '-A', '-o', 'json'];
  return context ? [...args, '--context', context] : args;
}

/** Pods a controller owns come and go with every rollout; their owner is the resource to judge and fix. */
export function isControllerOwned(object: Record<string, unknown>): boolean {
  const metadata = object.metadata as { ownerReferences?: unknown } | undefined;
  const owners = metadata?.ownerReferences;
  return Array.isArray(owners) && owners.some((owner) => (owner as { controller?: unknown } | null)?.controller === true);
}

export async function collectKubectl(runner: CliRunner, options: KubectlCollectOptions): Promise<SourceDocument[]> {
  const answer = await runner.json(kubectlArgs(options.context), list);
  const cluster = options.context ?? options.connection;
  const resources = answer.items.flatMap((object, index) => {
    if (object.kind === 'Pod' && isControllerOwned(object)) return [];
    const resource = mapObject(object, { origin: options.origin, cluster, where: `#${index}` });
    return [{ ...resource, source: CONNECTION_SOURCE_KIND }];
  });
  return [{ origin: options.origin, scope: `kubernetes:${cluster}`, resources }];
}

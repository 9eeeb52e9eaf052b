/**
 * Container compute resources (`resources.requests` / `resources.limits`, cpu and memory). A
 * masked quantity counts as set: validators never report what they cannot see.
 */
import type { ResourceRule, RuleDeclaration } from '../rule.ts';
import { containersOf, dig, mapContainers, reportContainers, withPod, workloadRule, type ContainerList } from './k8s-workload.ts';
import { isSecret, present, record } from './values.ts';

export const COMPUTE = ['cpu', 'memory'] as const;
export type Compute = (typeof COMPUTE)[number];
export type Bound = 'requests' | 'limits';

/** The compute resources the container does not declare under `bound`. */
export function missing(container: Record<string, unknown>, bound: Bound): Compute[] {
  if (isSecret(dig(container, 'resources')) || isSecret(dig(container, 'resources', bound))) return [];
  return COMPUTE.filter((resource) => !present(dig(container, 'resources', bound, resource)));
}

/**
 * The container with each missing `bound` quantity copied from the other bound, or undefined when
 * the other bound does not have it either (there is then no value to copy, only one to choose).
 */
export function copyBound(container: Record<string, unknown>, bound: Bound): Record<string, unknown> | undefined {
  const from: Bound = bound === 'limits' ? 'requests' : 'limits';
  const gaps = missing(container, bound);
  const source = record(dig(container, 'resources', from)) ?? {};
  if (gaps.some((resource) => !present(source[resource]) || isSecret(source[resource]))) return undefined;
  const resources = record(container.resources) ?? {};
  const target = { ...(record(resources[bound]) ?? {}) };
  for (const resource of gaps) target[resource] = source[resource];
  return { ...container, resources: { ...resources, [bound]: target } };
}

/** Ephemeral containers take no resources. */
const SIZED: readonly ContainerList[] = ['containers', 'initContainers'];

const SINGULAR: Record<Bound, string> = { requests: 'request', limits: 'limit' };

/**
 * A rule that every (init) container declares cpu and memory under `bound`. The fix copies each
 * missing quantity from the container's other bound; a container with nothing to copy gets no fix.
 */
export function computeBoundRule(bound: Bound, declaration: RuleDeclaration): ResourceRule {
  return workloadRule({
    ...declaration,
    validate(workload, _args, report) {
      const offenders = containersOf(workload.pod, SIZED).flatMap((ref) => {
        const gaps = missing(ref.container, bound);
        return gaps.length > 0 ? [`${ref.label} (no ${gaps.join(' or ')} ${SINGULAR[bound]})`] : [];
      });
      reportContainers(workload, `runs containers without resource ${bound}`, offenders, report);
    },
    remediate(workload) {
      let fixable = true;
      const pod = mapContainers(
        workload.pod,
        (container) => {
          if (missing(container, bound).length === 0) return undefined;
          const fixed = copyBound(container, bound);
          if (!fixed) fixable = false;
          return fixed;
        },
        SIZED,
      );
      return fixable ? withPod(workload, pod) : undefined;
    },
  });
}

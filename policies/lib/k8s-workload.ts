/**
 * Kubernetes workloads: every kind that embeds a pod spec, where that spec sits in the kind's
 * input props, and readers/writers for it, so a rule about pods is written once and covers
 * Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers, Jobs and
 * CronJobs alike.
 *
 * Props are the provider's input shape (`{ metadata, spec }`, camelCase, as @pulumi/kubernetes
 * and `kubectl get -o json` both write them). Any level may be missing or secret-masked; `dig`
 * returns the secret marker when it meets one, so rules can tell "unknown" from "unset".
 * Writers never mutate: they copy each level on the way to the change. (`dig` and `setIn` know
 * nothing about Kubernetes; the GCP and Azure rules use them for their nested blocks too.)
 *
 * Objects a controller owns (a Deployment's ReplicaSets and Pods, a CronJob's Jobs, as a live
 * cluster lists them) are not workloads here: their spec is a copy of the owner's template, the
 * fix belongs on the owner, and reporting each copy would multiply one finding by the replicas.
 */
import type { PolicyConfigSchema, ReportViolation, ResourceValidationArgs } from '@pulumi/policy';
import type { ResourceExamples, ResourceRule, RuleMeta } from '../rule.ts';
import { kindsRule } from './k8s-rule.ts';
import { isSecret, items, record, text } from './values.ts';

interface WorkloadShape {
  kind: string;
  /** Where the pod spec sits in the resource's props. */
  path: readonly string[];
  /** Runs until stopped (probes make sense), as opposed to running to completion. */
  longRunning: boolean;
}

const TEMPLATE = ['spec', 'template', 'spec'] as const;

export const WORKLOADS: Readonly<Record<string, WorkloadShape>> = {
  'kubernetes:apps/v1:DaemonSet': { kind: 'DaemonSet', path: TEMPLATE, longRunning: true },
  'kubernetes:apps/v1:Deployment': { kind: 'Deployment', path: TEMPLATE, longRunning: true },
  'kubernetes:apps/v1:ReplicaSet': { kind: 'ReplicaSet', path: TEMPLATE, longRunning: true },
  'kubernetes:apps/v1:StatefulSet': { kind: 'StatefulSet', path: TEMPLATE, longRunning: true },
  'kubernetes:batch/v1:CronJob': { kind: 'CronJob', path: ['spec', 'jobTemplate', 'spec', 'template', 'spec'], longRunning: false },
  'kubernetes:batch/v1:Job': { kind: 'Job', path: TEMPLATE, longRunning: false },
  'kubernetes:core/v1:Pod': { kind: 'Pod', path: ['spec'], longRunning: true },
  'kubernetes:core/v1:ReplicationController': { kind: 'ReplicationController', path: TEMPLATE, longRunning: true },
};

export const WORKLOAD_TYPES: readonly string[] = Object.keys(WORKLOADS);
export const LONG_RUNNING_TYPES: readonly string[] = WORKLOAD_TYPES.filter((type) => WORKLOADS[type].longRunning);

/** The value at `keys` below `value`; the secret marker if a level on the way is masked; undefined if missing. */
export function dig(value: unknown, ...keys: string[]): unknown {
  let node = value;
  for (const key of keys) {
    if (isSecret(node)) return node;
    const next = record(node);
    if (!next) return undefined;
    node = next[key];
  }
  return node;
}

/** A copy of `root` with `value` at `path`, every level on the way copied (missing levels created). */
export function setIn(root: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  if (path.length === 0) throw new Error('setIn needs a path');
  const [head, ...rest] = path;
  if (rest.length === 0) return { ...root, [head]: value };
  return { ...root, [head]: setIn(record(root[head]) ?? {}, rest, value) };
}

export interface Workload {
  type: string;
  kind: string;
  /** `Deployment "web"`: what a person recognises in a message. */
  label: string;
  props: Record<string, unknown>;
  /** The pod spec, wherever the kind keeps it. */
  pod: Record<string, unknown>;
}

/** Created and kept in sync by a controller (metadata.ownerReferences has a controller entry). */
export function isControlled(props: Record<string, unknown>): boolean {
  return items(dig(props, 'metadata', 'ownerReferences')).some((ref) => record(ref)?.controller === true);
}

/**
 * The workload view of a resource, or undefined when it is not a workload, a controller owns it,
 * or its pod spec is missing or masked.
 */
export function workloadOf(type: string, props: Record<string, unknown>, name: string): Workload | undefined {
  const shape = WORKLOADS[type];
  if (!shape || isControlled(props)) return undefined;
  const pod = record(dig(props, ...shape.path));
  if (!pod) return undefined;
  const label = `${shape.kind} "${text(dig(props, 'metadata', 'name')) ?? name}"`;
  return { type, kind: shape.kind, label, props, pod };
}

/** The workload's props with its pod spec replaced. */
export function withPod(workload: Workload, pod: Record<string, unknown>): Record<string, unknown> {
  return setIn(workload.props, WORKLOADS[workload.type].path, pod);
}

export type ContainerList = 'containers' | 'initContainers' | 'ephemeralContainers';
export const ALL_CONTAINERS: readonly ContainerList[] = ['containers', 'initContainers', 'ephemeralContainers'];
export const MAIN_CONTAINERS: readonly ContainerList[] = ['containers'];

export interface ContainerRef {
  list: ContainerList;
  container: Record<string, unknown>;
  /** `container "app"`, `init container "migrate"`. */
  label: string;
}

const LIST_LABEL: Record<ContainerList, string> = {
  containers: 'container',
  initContainers: 'init container',
  ephemeralContainers: 'ephemeral container',
};

export function containersOf(pod: Record<string, unknown>, lists: readonly ContainerList[] = ALL_CONTAINERS): ContainerRef[] {
  return lists.flatMap((list) =>
    items(pod[list]).flatMap((entry, index) => {
      const container = record(entry);
      if (!container) return [];
      return [{ list, container, label: `${LIST_LABEL[list]} "${text(container.name) ?? `#${index + 1}`}"` }];
    }),
  );
}

/** The pod spec with `update` applied to each container it returns a replacement for. */
export function mapContainers(
  pod: Record<string, unknown>,
  update: (container: Record<string, unknown>, list: ContainerList) => Record<string, unknown> | undefined,
  lists: readonly ContainerList[] = ALL_CONTAINERS,
): Record<string, unknown> {
  const next = { ...pod };
  for (const list of lists) {
    if (!Array.isArray(pod[list])) continue;
    next[list] = pod[list].map((entry: unknown) => {
      const container = record(entry);
      return container ? (update(container, list) ?? entry) : entry;
    });
  }
  return next;
}

/** A container (or pod spec) with fields of its securityContext set, the others kept. */
export function withSecurity(holder: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  return { ...holder, securityContext: { ...(record(holder.securityContext) ?? {}), ...patch } };
}

/**
 * A security setting as the container runs with it: its own securityContext wins over the pod's
 * (for the fields both have: runAsNonRoot, runAsUser, seccompProfile, ...).
 */
export function effective(pod: Record<string, unknown>, container: Record<string, unknown>, field: string): unknown {
  const own = dig(container, 'securityContext', field);
  return own !== undefined ? own : dig(pod, 'securityContext', field);
}

/** Windows pods have no seccomp, Linux capabilities, privilege escalation or read-only root filesystems. */
export function isWindows(pod: Record<string, unknown>): boolean {
  return text(dig(pod, 'os', 'name'))?.toLowerCase() === 'windows';
}

/** Reports the workload once, naming every offending container and why. */
export function reportContainers(workload: Workload, what: string, offenders: readonly string[], report: ReportViolation): void {
  if (offenders.length > 0) report(`${workload.label} ${what}: ${offenders.join('; ')}`);
}

/** A rule over pod specs: `validate`/`remediate` see the workload view of any workload kind. */
export function workloadRule(
  spec: Omit<RuleMeta, 'resourceTypes'> & {
    /** @defaultValue every workload kind */
    resourceTypes?: readonly string[];
    configSchema?: PolicyConfigSchema;
    validate: (workload: Workload, args: ResourceValidationArgs, report: ReportViolation) => void;
    remediate?: (workload: Workload, args: ResourceValidationArgs) => Record<string, unknown> | undefined;
    examples: ResourceExamples;
  },
): ResourceRule {
  const { resourceTypes = WORKLOAD_TYPES, validate, remediate, ...meta } = spec;
  const unknownType = resourceTypes.find((type) => !WORKLOADS[type]);
  if (unknownType) throw new Error(`rule ${meta.id}: ${unknownType} is not a workload kind`);
  return kindsRule({
    ...meta,
    resourceTypes,
    validate(props, args, report) {
      const workload = workloadOf(args.type, props, args.name);
      if (workload) validate(workload, args, report);
    },
    ...(remediate
      ? {
          remediate(props: Record<string, unknown>, args: ResourceValidationArgs) {
            const workload = workloadOf(args.type, props, args.name);
            return workload ? remediate(workload, args) : undefined;
          },
        }
      : {}),
  });
}

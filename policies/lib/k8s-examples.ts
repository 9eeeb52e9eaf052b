/**
 * Builders for Kubernetes rule examples: a pod spec wrapped the way each workload kind wraps it,
 * so a rule's examples exercise the pod-spec extraction for several kinds without repeating the
 * envelope. Examples live in namespace `shop` unless told otherwise.
 */
import type { ExampleResource } from '../rule.ts';

type Pod = Record<string, unknown>;

function metadata(name: string, namespace: string | undefined): Record<string, unknown> {
  return namespace === undefined ? { name } : { name, namespace };
}

function template(name: string, pod: Pod): Record<string, unknown> {
  return { metadata: { labels: { app: name } }, spec: pod };
}

export function k8sPod(name: string, pod: Pod, namespace: string | undefined = 'shop'): ExampleResource {
  return { type: 'kubernetes:core/v1:Pod', name, props: { metadata: metadata(name, namespace), spec: pod } };
}

export function k8sDeployment(name: string, pod: Pod, namespace: string | undefined = 'shop'): ExampleResource {
  return {
    type: 'kubernetes:apps/v1:Deployment',
    name,
    props: {
      metadata: metadata(name, namespace),
      spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: template(name, pod) },
    },
  };
}

export function k8sStatefulSet(name: string, pod: Pod, namespace: string | undefined = 'shop'): ExampleResource {
  return {
    type: 'kubernetes:apps/v1:StatefulSet',
    name,
    props: {
      metadata: metadata(name, namespace),
      spec: { serviceName: name, selector: { matchLabels: { app: name } }, template: template(name, pod) },
    },
  };
}

export function k8sDaemonSet(name: string, pod: Pod, namespace: string | undefined = 'shop'): ExampleResource {
  return {
    type: 'kubernetes:apps/v1:DaemonSet',
    name,
    props: { metadata: metadata(name, namespace), spec: { selector: { matchLabels: { app: name } }, template: template(name, pod) } },
  };
}

export function k8sJob(name: string, pod: Pod, namespace: string | undefined = 'shop'): ExampleResource {
  return {
    type: 'kubernetes:batch/v1:Job',
    name,
    props: { metadata: metadata(name, namespace), spec: { backoffLimit: 2, template: template(name, { restartPolicy: 'Never', ...pod }) } },
  };
}

export function k8sCronJob(name: string, pod: Pod, namespace: string | undefined = 'shop'): ExampleResource {
  return {
    type: 'kubernetes:batch/v1:CronJob',
    name,
    props: {
      metadata: metadata(name, namespace),
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: template(name, { restartPolicy: 'OnFailure', ...pod }) } } },
    },
  };
}

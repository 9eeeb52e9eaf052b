/**
 * The Kubernetes kinds sweep maps, by API group (`core` for the legacy group that apiVersion
 * `v1` names), and whether their objects live in a namespace. The Pulumi type token is always
 * `kubernetes:<group>/<version>:<Kind>` with the object's own version, which is the token
 * @pulumi/kubernetes uses for every built-in kind. A kind missing here (a CRD's, an extension's)
 * is kept with `unknownType`; adding one is a row here.
 */
export interface KindInfo {
  namespaced: boolean;
}

export const CORE_GROUP = 'core';

/** `<group>/<Kind>` → what sweep knows about it. */
export const KNOWN_KINDS: ReadonlyMap<string, KindInfo> = new Map([
  ['core/Pod', { namespaced: true }],
  ['core/Service', { namespaced: true }],
  ['core/ServiceAccount', { namespaced: true }],
  ['core/ConfigMap', { namespaced: true }],
  ['core/Secret', { namespaced: true }],
  ['core/PersistentVolumeClaim', { namespaced: true }],
  ['core/ResourceQuota', { namespaced: true }],
  ['core/LimitRange', { namespaced: true }],
  ['core/Namespace', { namespaced: false }],
  ['core/PersistentVolume', { namespaced: false }],
  ['apps/Deployment', { namespaced: true }],
  ['apps/StatefulSet', { namespaced: true }],
  ['apps/DaemonSet', { namespaced: true }],
  ['apps/ReplicaSet', { namespaced: true }],
  ['batch/Job', { namespaced: true }],
  ['batch/CronJob', { namespaced: true }],
  ['networking.k8s.io/Ingress', { namespaced: true }],
  ['networking.k8s.io/NetworkPolicy', { namespaced: true }],
  ['networking.k8s.io/IngressClass', { namespaced: false }],
  ['rbac.authorization.k8s.io/Role', { namespaced: true }],
  ['rbac.authorization.k8s.io/RoleBinding', { namespaced: true }],
  ['rbac.authorization.k8s.io/ClusterRole', { namespaced: false }],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', { namespaced: false }],
  ['autoscaling/HorizontalPodAutoscaler', { namespaced: true }],
  ['policy/PodDisruptionBudget', { namespaced: true }],
  ['storage.k8s.io/StorageClass', { namespaced: false }],
  ['apiextensions.k8s.io/CustomResourceDefinition', { namespaced: false }],
]);

/** `apps/v1` → `{ group: 'apps', version: 'v1' }`; `v1` → the core group. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  if (slash < 0) return { group: CORE_GROUP, version: apiVersion };
  return { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The kubernetes rules, listed explicitly and sorted by id; policies/index.ts merges every provider's list. */
import { k8sDefaultServiceAccountNoAutomount } from './core/k8s-default-service-account-no-automount.ts';
import { k8sNamespaceNotDefault } from './core/k8s-namespace-not-default.ts';
import { k8sNamespaceNetworkPolicy } from './network/k8s-namespace-network-policy.ts';
import { k8sServiceNoNodePort } from './network/k8s-service-no-node-port.ts';
import { k8sServiceNoPublicLoadBalancer } from './network/k8s-service-no-public-load-balancer.ts';
import { k8sRbacNoClusterAdminBinding } from './rbac/k8s-rbac-no-cluster-admin-binding.ts';
import { k8sRbacNoEscalationVerbs } from './rbac/k8s-rbac-no-escalation-verbs.ts';
import { k8sRbacRoleNoWildcards } from './rbac/k8s-rbac-role-no-wildcards.ts';
import { k8sWorkloadDropAllCapabilities } from './workloads/k8s-workload-drop-all-capabilities.ts';
import { k8sWorkloadImagePullPolicyAlways } from './workloads/k8s-workload-image-pull-policy-always.ts';
import { k8sWorkloadImageTagPinned } from './workloads/k8s-workload-image-tag-pinned.ts';
import { k8sWorkloadLivenessProbe } from './workloads/k8s-workload-liveness-probe.ts';
import { k8sWorkloadNoAutomountServiceAccountToken } from './workloads/k8s-workload-no-automount-service-account-token.ts';
import { k8sWorkloadNoDangerousCapabilities } from './workloads/k8s-workload-no-dangerous-capabilities.ts';
import { k8sWorkloadNoDefaultServiceAccount } from './workloads/k8s-workload-no-default-service-account.ts';
import { k8sWorkloadNoHostIpc } from './workloads/k8s-workload-no-host-ipc.ts';
import { k8sWorkloadNoHostNetwork } from './workloads/k8s-workload-no-host-network.ts';
import { k8sWorkloadNoHostPath } from './workloads/k8s-workload-no-host-path.ts';
import { k8sWorkloadNoHostPid } from './workloads/k8s-workload-no-host-pid.ts';
import { k8sWorkloadNoHostPort } from './workloads/k8s-workload-no-host-port.ts';
import { k8sWorkloadNoPrivilegeEscalation } from './workloads/k8s-workload-no-privilege-escalation.ts';
import { k8sWorkloadNoPrivileged } from './workloads/k8s-workload-no-privileged.ts';
import { k8sWorkloadNoSecretEnv } from './workloads/k8s-workload-no-secret-env.ts';
import { k8sWorkloadReadOnlyRootFilesystem } from './workloads/k8s-workload-read-only-root-filesystem.ts';
import { k8sWorkloadReadinessProbe } from './workloads/k8s-workload-readiness-probe.ts';
import { k8sWorkloadResourceLimits } from './workloads/k8s-workload-resource-limits.ts';
import { k8sWorkloadResourceRequests } from './workloads/k8s-workload-resource-requests.ts';
import { k8sWorkloadRunAsNonRoot } from './workloads/k8s-workload-run-as-non-root.ts';
import { k8sWorkloadSeccompRuntimeDefault } from './workloads/k8s-workload-seccomp-runtime-default.ts';
import type { Rule } from '../rule.ts';

export const kubernetesRules: readonly Rule[] = [
  k8sDefaultServiceAccountNoAutomount,
  k8sNamespaceNetworkPolicy,
  k8sNamespaceNotDefault,
  k8sRbacNoClusterAdminBinding,
  k8sRbacNoEscalationVerbs,
  k8sRbacRoleNoWildcards,
  k8sServiceNoNodePort,
  k8sServiceNoPublicLoadBalancer,
  k8sWorkloadDropAllCapabilities,
  k8sWorkloadImagePullPolicyAlways,
  k8sWorkloadImageTagPinned,
  k8sWorkloadLivenessProbe,
  k8sWorkloadNoAutomountServiceAccountToken,
  k8sWorkloadNoDangerousCapabilities,
  k8sWorkloadNoDefaultServiceAccount,
  k8sWorkloadNoHostIpc,
  k8sWorkloadNoHostNetwork,
  k8sWorkloadNoHostPath,
  k8sWorkloadNoHostPid,
  k8sWorkloadNoHostPort,
  k8sWorkloadNoPrivilegeEscalation,
  k8sWorkloadNoPrivileged,
  k8sWorkloadNoSecretEnv,
  k8sWorkloadReadOnlyRootFilesystem,
  k8sWorkloadReadinessProbe,
  k8sWorkloadResourceLimits,
  k8sWorkloadResourceRequests,
  k8sWorkloadRunAsNonRoot,
  k8sWorkloadSeccompRuntimeDefault,
];

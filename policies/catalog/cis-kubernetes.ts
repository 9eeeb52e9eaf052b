/**
 * CIS Kubernetes Benchmark v1.9.0, section 5 (Policies): the recommendations about what runs in
 * the cluster (RBAC, pod security, network policies, secrets, general policies), which is what
 * rules over declared Kubernetes objects can check. Sections 1-4 (control plane and worker node
 * configuration) are about how the cluster itself is run and are not listed. Titles as the
 * benchmark writes them, without the (Automated)/(Manual) assessment suffix.
 */
import type { Catalog, Control } from './types.ts';

const GROUPS: Record<string, string> = {
  '5.1': 'RBAC and Service Accounts',
  '5.2': 'Pod Security Standards',
  '5.3': 'Network Policies and CNI',
  '5.4': 'Secrets Management',
  '5.5': 'Extensible Admission Control',
  '5.7': 'General Policies',
};

function control(id: string, title: string): Control {
  return { id, title, family: GROUPS[id.split('.').slice(0, 2).join('.')] };
}

export const cisKubernetes: Catalog = {
  framework: 'cis-kubernetes',
  name: 'CIS Kubernetes Benchmark v1.9.0',
  version: '1.9.0',
  controls: [
    control('5.1.1', 'Ensure that the cluster-admin role is only used where required'),
    control('5.1.2', 'Minimize access to secrets'),
    control('5.1.3', 'Minimize wildcard use in Roles and ClusterRoles'),
    control('5.1.4', 'Minimize access to create pods'),
    control('5.1.5', 'Ensure that default service accounts are not actively used'),
    control('5.1.6', 'Ensure that Service Account Tokens are only mounted where necessary'),
    control('5.1.7', 'Avoid use of system:masters group'),
    control('5.1.8', 'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster'),
    control('5.1.9', 'Minimize access to create persistent volumes'),
    control('5.1.10', 'Minimize access to the proxy sub-resource of nodes'),
    control('5.1.11', 'Minimize access to the approval sub-resource of certificatesigningrequests objects'),
    control('5.1.12', 'Minimize access to webhook configuration objects'),
    control('5.1.13', 'Minimize access to the service account token creation'),
    control('5.2.1', 'Ensure that the cluster has at least one active policy control mechanism in place'),
    control('5.2.2', 'Minimize the admission of privileged containers'),
    control('5.2.3', 'Minimize the admission of containers wishing to share the host process ID namespace'),
    control('5.2.4', 'Minimize the admission of containers wishing to share the host IPC namespace'),
    control('5.2.5', 'Minimize the admission of containers wishing to share the host network namespace'),
    control('5.2.6', 'Minimize the admission of containers with allowPrivilegeEscalation'),
    control('5.2.7', 'Minimize the admission of root containers'),
    control('5.2.8', 'Minimize the admission of containers with the NET_RAW capability'),
    control('5.2.9', 'Minimize the admission of containers with added capabilities'),
    control('5.2.10', 'Minimize the admission of containers with capabilities assigned'),
    control('5.2.11', 'Minimize the admission of Windows HostProcess containers'),
    control('5.2.12', 'Minimize the admission of HostPath volumes'),
    control('5.2.13', 'Minimize the admission of containers which use HostPorts'),
    control('5.3.1', 'Ensure that the CNI in use supports NetworkPolicies'),
    control('5.3.2', 'Ensure that all Namespaces have NetworkPolicies defined'),
    control('5.4.1', 'Prefer using Secrets as files over Secrets as environment variables'),
    control('5.4.2', 'Consider external secret storage'),
    control('5.5.1', 'Configure Image Provenance using ImagePolicyWebhook admission controller'),
    control('5.7.1', 'Create administrative boundaries between resources using namespaces'),
    control('5.7.2', 'Ensure that the seccomp profile is set to docker/default in your Pod definitions'),
    control('5.7.3', 'Apply SecurityContext to your Pods and Containers'),
    control('5.7.4', 'The default namespace should not be used'),
  ],
};

/** The gcp rules, listed explicitly and sorted by id; policies/index.ts merges every provider's list. */
import { gcpComputeFirewallNoPublicRdp } from './compute/gcp-compute-firewall-no-public-rdp.ts';
import { gcpComputeFirewallNoPublicSsh } from './compute/gcp-compute-firewall-no-public-ssh.ts';
import { gcpComputeInstanceBlockProjectSshKeys } from './compute/gcp-compute-instance-block-project-ssh-keys.ts';
import { gcpComputeInstanceNoDefaultSaFullAccess } from './compute/gcp-compute-instance-no-default-sa-full-access.ts';
import { gcpComputeInstanceNoSerialPort } from './compute/gcp-compute-instance-no-serial-port.ts';
import { gcpComputeInstanceShieldedVm } from './compute/gcp-compute-instance-shielded-vm.ts';
import { gcpComputeSubnetworkFlowLogs } from './compute/gcp-compute-subnetwork-flow-logs.ts';
import { gcpComputeSubnetworkPrivateGoogleAccess } from './compute/gcp-compute-subnetwork-private-google-access.ts';
import { gcpContainerClusterNetworkPolicy } from './container/gcp-container-cluster-network-policy.ts';
import { gcpContainerClusterNoLegacyAbac } from './container/gcp-container-cluster-no-legacy-abac.ts';
import { gcpContainerClusterPrivateNodes } from './container/gcp-container-cluster-private-nodes.ts';
import { gcpKmsCryptoKeyRotation } from './kms/gcp-kms-crypto-key-rotation.ts';
import { gcpProjectIamMemberNoPrimitiveRoles } from './projects/gcp-project-iam-member-no-primitive-roles.ts';
import { gcpSqlInstanceBackupsEnabled } from './sql/gcp-sql-instance-backups-enabled.ts';
import { gcpSqlInstanceNoPublicAuthorizedNetworks } from './sql/gcp-sql-instance-no-public-authorized-networks.ts';
import { gcpSqlInstanceNoPublicIp } from './sql/gcp-sql-instance-no-public-ip.ts';
import { gcpSqlInstanceRequireSsl } from './sql/gcp-sql-instance-require-ssl.ts';
import { gcpStorageBucketIamBindingNotPublic } from './storage/gcp-storage-bucket-iam-binding-not-public.ts';
import { gcpStorageBucketIamMemberNotPublic } from './storage/gcp-storage-bucket-iam-member-not-public.ts';
import { gcpStorageBucketLogging } from './storage/gcp-storage-bucket-logging.ts';
import { gcpStorageBucketPublicAccessPrevention } from './storage/gcp-storage-bucket-public-access-prevention.ts';
import { gcpStorageBucketUniformAccess } from './storage/gcp-storage-bucket-uniform-access.ts';
import { gcpStorageBucketVersioning } from './storage/gcp-storage-bucket-versioning.ts';
import type { Rule } from '../rule.ts';

export const gcpRules: readonly Rule[] = [
  gcpComputeFirewallNoPublicRdp,
  gcpComputeFirewallNoPublicSsh,
  gcpComputeInstanceBlockProjectSshKeys,
  gcpComputeInstanceNoDefaultSaFullAccess,
  gcpComputeInstanceNoSerialPort,
  gcpComputeInstanceShieldedVm,
  gcpComputeSubnetworkFlowLogs,
  gcpComputeSubnetworkPrivateGoogleAccess,
  gcpContainerClusterNetworkPolicy,
  gcpContainerClusterNoLegacyAbac,
  gcpContainerClusterPrivateNodes,
  gcpKmsCryptoKeyRotation,
  gcpProjectIamMemberNoPrimitiveRoles,
  gcpSqlInstanceBackupsEnabled,
  gcpSqlInstanceNoPublicAuthorizedNetworks,
  gcpSqlInstanceNoPublicIp,
  gcpSqlInstanceRequireSsl,
  gcpStorageBucketIamBindingNotPublic,
  gcpStorageBucketIamMemberNotPublic,
  gcpStorageBucketLogging,
  gcpStorageBucketPublicAccessPrevention,
  gcpStorageBucketUniformAccess,
  gcpStorageBucketVersioning,
];

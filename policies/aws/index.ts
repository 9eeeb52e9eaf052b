/** The AWS rules, listed explicitly and sorted by id; policies/index.ts merges every provider's list. */
import { awsApigatewayDomainNameTls } from './apigateway/aws-apigateway-domain-name-tls.ts';
import { awsApigatewayMethodSettingsCacheEncryption } from './apigateway/aws-apigateway-method-settings-cache-encryption.ts';
import { awsApigatewayStageAccessLogging } from './apigateway/aws-apigateway-stage-access-logging.ts';
import { awsApigatewayStageXrayTracing } from './apigateway/aws-apigateway-stage-xray-tracing.ts';
import { awsApigatewayv2StageAccessLogging } from './apigatewayv2/aws-apigatewayv2-stage-access-logging.ts';
import { awsCloudfrontDistributionLogging } from './cloudfront/aws-cloudfront-distribution-logging.ts';
import { awsCloudfrontDistributionMinimumTls } from './cloudfront/aws-cloudfront-distribution-minimum-tls.ts';
import { awsCloudfrontDistributionOriginTls } from './cloudfront/aws-cloudfront-distribution-origin-tls.ts';
import { awsCloudfrontDistributionViewerHttps } from './cloudfront/aws-cloudfront-distribution-viewer-https.ts';
import { awsCloudfrontDistributionWaf } from './cloudfront/aws-cloudfront-distribution-waf.ts';
import { awsCloudtrailBucketAccessLogging } from './cloudtrail/aws-cloudtrail-bucket-access-logging.ts';
import { awsCloudtrailKmsEncryption } from './cloudtrail/aws-cloudtrail-kms-encryption.ts';
import { awsCloudtrailLogFileValidation } from './cloudtrail/aws-cloudtrail-log-file-validation.ts';
import { awsCloudtrailMultiRegion } from './cloudtrail/aws-cloudtrail-multi-region.ts';
import { awsCloudwatchLogGroupKmsEncryption } from './cloudwatch/aws-cloudwatch-log-group-kms-encryption.ts';
import { awsCloudwatchLogGroupRetention } from './cloudwatch/aws-cloudwatch-log-group-retention.ts';
import { awsConfigRecorderAllResources } from './config/aws-config-recorder-all-resources.ts';
import { awsConfigRecorderStatusEnabled } from './config/aws-config-recorder-status-enabled.ts';
import { awsDynamodbTableDeletionProtection } from './dynamodb/aws-dynamodb-table-deletion-protection.ts';
import { awsDynamodbTableKmsEncryption } from './dynamodb/aws-dynamodb-table-kms-encryption.ts';
import { awsDynamodbTablePointInTimeRecovery } from './dynamodb/aws-dynamodb-table-point-in-time-recovery.ts';
import { awsEbsEncryptionByDefault } from './ebs/aws-ebs-encryption-by-default.ts';
import { awsEbsSnapshotBlockPublicAccess } from './ebs/aws-ebs-snapshot-block-public-access.ts';
import { awsEbsVolumeEncrypted } from './ebs/aws-ebs-volume-encrypted.ts';
import { awsEc2DefaultSecurityGroupRestrictsAll } from './ec2/aws-ec2-default-security-group-restricts-all.ts';
import { awsEc2InstanceImdsv2 } from './ec2/aws-ec2-instance-imdsv2.ts';
import { awsEc2LaunchTemplateEbsEncrypted } from './ec2/aws-ec2-launch-template-ebs-encrypted.ts';
import { awsEc2LaunchTemplateImdsv2 } from './ec2/aws-ec2-launch-template-imdsv2.ts';
import { awsEc2NetworkAclNoPublicAdmin } from './ec2/aws-ec2-network-acl-no-public-admin.ts';
import { awsEc2NetworkAclRuleNoPublicAdmin } from './ec2/aws-ec2-network-acl-rule-no-public-admin.ts';
import { awsEc2SecurityGroupNoPublicRdp } from './ec2/aws-ec2-security-group-no-public-rdp.ts';
import { awsEc2SecurityGroupNoPublicSsh } from './ec2/aws-ec2-security-group-no-public-ssh.ts';
import { awsEcrRepositoryKmsEncryption } from './ecr/aws-ecr-repository-kms-encryption.ts';
import { awsEcrRepositoryScanOnPush } from './ecr/aws-ecr-repository-scan-on-push.ts';
import { awsEcrRepositoryTagImmutability } from './ecr/aws-ecr-repository-tag-immutability.ts';
import { awsEfsFileSystemEncrypted } from './efs/aws-efs-file-system-encrypted.ts';
import { awsEksClusterControlPlaneLogging } from './eks/aws-eks-cluster-control-plane-logging.ts';
import { awsEksClusterEndpointNotPublic } from './eks/aws-eks-cluster-endpoint-not-public.ts';
import { awsEksClusterSecretsEncryption } from './eks/aws-eks-cluster-secrets-encryption.ts';
import { awsElasticacheReplicationGroupBackupRetention } from './elasticache/aws-elasticache-replication-group-backup-retention.ts';
import { awsElasticacheReplicationGroupEncryptionAtRest } from './elasticache/aws-elasticache-replication-group-encryption-at-rest.ts';
import { awsElasticacheReplicationGroupEncryptionInTransit } from './elasticache/aws-elasticache-replication-group-encryption-in-transit.ts';
import { awsElbListenerHttpRedirect } from './elb/aws-elb-listener-http-redirect.ts';
import { awsElbListenerTlsPolicy } from './elb/aws-elb-listener-tls-policy.ts';
import { awsElbLoadBalancerAccessLogs } from './elb/aws-elb-load-balancer-access-logs.ts';
import { awsElbLoadBalancerDeletionProtection } from './elb/aws-elb-load-balancer-deletion-protection.ts';
import { awsElbLoadBalancerDesyncMitigation } from './elb/aws-elb-load-balancer-desync-mitigation.ts';
import { awsElbLoadBalancerDropInvalidHeaders } from './elb/aws-elb-load-balancer-drop-invalid-headers.ts';
import { awsGuarddutyDetectorEnabled } from './guardduty/aws-guardduty-detector-enabled.ts';
import { awsIamPasswordPolicyMinLength } from './iam/aws-iam-password-policy-min-length.ts';
import { awsIamPasswordPolicyReusePrevention } from './iam/aws-iam-password-policy-reuse-prevention.ts';
import { awsIamPolicyNoFullAdmin } from './iam/aws-iam-policy-no-full-admin.ts';
import { awsIamRolePolicyNoFullAdmin } from './iam/aws-iam-role-policy-no-full-admin.ts';
import { awsIamUserPermissionsThroughGroups } from './iam/aws-iam-user-permissions-through-groups.ts';
import { awsKmsKeyDeletionWindow } from './kms/aws-kms-key-deletion-window.ts';
import { awsKmsKeyRotation } from './kms/aws-kms-key-rotation.ts';
import { awsLambdaFunctionRuntimeSupported } from './lambda/aws-lambda-function-runtime-supported.ts';
import { awsLambdaFunctionTracing } from './lambda/aws-lambda-function-tracing.ts';
import { awsLambdaFunctionUrlAuth } from './lambda/aws-lambda-function-url-auth.ts';
import { awsOpensearchDomainEncryptionAtRest } from './opensearch/aws-opensearch-domain-encryption-at-rest.ts';
import { awsOpensearchDomainHttpsTls } from './opensearch/aws-opensearch-domain-https-tls.ts';
import { awsOpensearchDomainNodeToNodeEncryption } from './opensearch/aws-opensearch-domain-node-to-node-encryption.ts';
import { awsRdsClusterBackupRetention } from './rds/aws-rds-cluster-backup-retention.ts';
import { awsRdsClusterDeletionProtection } from './rds/aws-rds-cluster-deletion-protection.ts';
import { awsRdsClusterIamAuthentication } from './rds/aws-rds-cluster-iam-authentication.ts';
import { awsRdsClusterStorageEncrypted } from './rds/aws-rds-cluster-storage-encrypted.ts';
import { awsRdsInstanceAutoMinorVersionUpgrade } from './rds/aws-rds-instance-auto-minor-version-upgrade.ts';
import { awsRdsInstanceBackupRetention } from './rds/aws-rds-instance-backup-retention.ts';
import { awsRdsInstanceDeletionProtection } from './rds/aws-rds-instance-deletion-protection.ts';
import { awsRdsInstanceIamAuthentication } from './rds/aws-rds-instance-iam-authentication.ts';
import { awsRdsInstanceMultiAz } from './rds/aws-rds-instance-multi-az.ts';
import { awsRdsInstanceNotPublic } from './rds/aws-rds-instance-not-public.ts';
import { awsRdsInstanceStorageEncrypted } from './rds/aws-rds-instance-storage-encrypted.ts';
import { awsRedshiftClusterEncrypted } from './redshift/aws-redshift-cluster-encrypted.ts';
import { awsRedshiftClusterNotPublic } from './redshift/aws-redshift-cluster-not-public.ts';
import { awsRedshiftParameterGroupRequireSsl } from './redshift/aws-redshift-parameter-group-require-ssl.ts';
import { awsS3AccountPublicAccessBlockAllEnabled } from './s3/aws-s3-account-public-access-block-all-enabled.ts';
import { awsS3BucketAccessLogging } from './s3/aws-s3-bucket-access-logging.ts';
import { awsS3BucketEncryption } from './s3/aws-s3-bucket-encryption.ts';
import { awsS3BucketPolicyDenyInsecureTransport } from './s3/aws-s3-bucket-policy-deny-insecure-transport.ts';
import { awsS3BucketPublicAccessBlock } from './s3/aws-s3-bucket-public-access-block.ts';
import { awsS3BucketVersioning } from './s3/aws-s3-bucket-versioning.ts';
import { awsS3PublicAccessBlockAllEnabled } from './s3/aws-s3-public-access-block-all-enabled.ts';
import { awsSecretsmanagerSecretRotation } from './secretsmanager/aws-secretsmanager-secret-rotation.ts';
import { awsSnsTopicKmsEncryption } from './sns/aws-sns-topic-kms-encryption.ts';
import { awsSqsQueueEncryption } from './sqs/aws-sqs-queue-encryption.ts';
import { awsVpcFlowLogsEnabled } from './vpc/aws-vpc-flow-logs-enabled.ts';
import { awsVpcIngressRuleNoPublicRdp } from './vpc/aws-vpc-ingress-rule-no-public-rdp.ts';
import { awsVpcIngressRuleNoPublicSsh } from './vpc/aws-vpc-ingress-rule-no-public-ssh.ts';
import type { Rule } from '../rule.ts';

export const awsRules: readonly Rule[] = [
  awsApigatewayDomainNameTls,
  awsApigatewayMethodSettingsCacheEncryption,
  awsApigatewayStageAccessLogging,
  awsApigatewayStageXrayTracing,
  awsApigatewayv2StageAccessLogging,
  awsCloudfrontDistributionLogging,
  awsCloudfrontDistributionMinimumTls,
  awsCloudfrontDistributionOriginTls,
  awsCloudfrontDistributionViewerHttps,
  awsCloudfrontDistributionWaf,
  awsCloudtrailBucketAccessLogging,
  awsCloudtrailKmsEncryption,
  awsCloudtrailLogFileValidation,
  awsCloudtrailMultiRegion,
  awsCloudwatchLogGroupKmsEncryption,
  awsCloudwatchLogGroupRetention,
  awsConfigRecorderAllResources,
  awsConfigRecorderStatusEnabled,
  awsDynamodbTableDeletionProtection,
  awsDynamodbTableKmsEncryption,
  awsDynamodbTablePointInTimeRecovery,
  awsEbsEncryptionByDefault,
  awsEbsSnapshotBlockPublicAccess,
  awsEbsVolumeEncrypted,
  awsEc2DefaultSecurityGroupRestrictsAll,
  awsEc2InstanceImdsv2,
  awsEc2LaunchTemplateEbsEncrypted,
  awsEc2LaunchTemplateImdsv2,
  awsEc2NetworkAclNoPublicAdmin,
  awsEc2NetworkAclRuleNoPublicAdmin,
  awsEc2SecurityGroupNoPublicRdp,
  awsEc2SecurityGroupNoPublicSsh,
  awsEcrRepositoryKmsEncryption,
  awsEcrRepositoryScanOnPush,
  awsEcrRepositoryTagImmutability,
  awsEfsFileSystemEncrypted,
  awsEksClusterControlPlaneLogging,
  awsEksClusterEndpointNotPublic,
  awsEksClusterSecretsEncryption,
  awsElasticacheReplicationGroupBackupRetention,
  awsElasticacheReplicationGroupEncryptionAtRest,
  awsElasticacheReplicationGroupEncryptionInTransit,
  awsElbListenerHttpRedirect,
  awsElbListenerTlsPolicy,
  awsElbLoadBalancerAccessLogs,
  awsElbLoadBalancerDeletionProtection,
  awsElbLoadBalancerDesyncMitigation,
  awsElbLoadBalancerDropInvalidHeaders,
  awsGuarddutyDetectorEnabled,
  awsIamPasswordPolicyMinLength,
  awsIamPasswordPolicyReusePrevention,
  awsIamPolicyNoFullAdmin,
  awsIamRolePolicyNoFullAdmin,
  awsIamUserPermissionsThroughGroups,
  awsKmsKeyDeletionWindow,
  awsKmsKeyRotation,
  awsLambdaFunctionRuntimeSupported,
  awsLambdaFunctionTracing,
  awsLambdaFunctionUrlAuth,
  awsOpensearchDomainEncryptionAtRest,
  awsOpensearchDomainHttpsTls,
  awsOpensearchDomainNodeToNodeEncryption,
  awsRdsClusterBackupRetention,
  awsRdsClusterDeletionProtection,
  awsRdsClusterIamAuthentication,
  awsRdsClusterStorageEncrypted,
  awsRdsInstanceAutoMinorVersionUpgrade,
  awsRdsInstanceBackupRetention,
  awsRdsInstanceDeletionProtection,
  awsRdsInstanceIamAuthentication,
  awsRdsInstanceMultiAz,
  awsRdsInstanceNotPublic,
  awsRdsInstanceStorageEncrypted,
  awsRedshiftClusterEncrypted,
  awsRedshiftClusterNotPublic,
  awsRedshiftParameterGroupRequireSsl,
  awsS3AccountPublicAccessBlockAllEnabled,
  awsS3BucketAccessLogging,
  awsS3BucketEncryption,
  awsS3BucketPolicyDenyInsecureTransport,
  awsS3BucketPublicAccessBlock,
  awsS3BucketVersioning,
  awsS3PublicAccessBlockAllEnabled,
  awsSecretsmanagerSecretRotation,
  awsSnsTopicKmsEncryption,
  awsSqsQueueEncryption,
  awsVpcFlowLogsEnabled,
  awsVpcIngressRuleNoPublicRdp,
  awsVpcIngressRuleNoPublicSsh,
];

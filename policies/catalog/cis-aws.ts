/**
 * CIS Amazon Web Services Foundations Benchmark v3.0.0: sections 1-3 and 5, ids and titles as the
 * benchmark writes them. Section 4 (CloudWatch metric filters) is left out until a rule needs it.
 * v3.0.0 has no S3 encryption-at-rest recommendation (S3 encrypts by default since 2023): the old
 * "2.1.1 Ensure all S3 buckets employ encryption-at-rest" is not in this version.
 */
import type { Catalog, Control } from './types.ts';

const IAM = 'Identity and Access Management';
const STORAGE = 'Storage';
const LOGGING = 'Logging';
const NETWORKING = 'Networking';

function control(id: string, title: string, family: string): Control {
  return { id, title, family };
}

export const cisAws: Catalog = {
  framework: 'cis-aws',
  name: 'CIS Amazon Web Services Foundations Benchmark v3.0.0',
  version: '3.0.0',
  controls: [
    control('1.1', 'Maintain current contact details', IAM),
    control('1.2', 'Ensure security contact information is registered', IAM),
    control('1.3', 'Ensure security questions are registered in the AWS account', IAM),
    control('1.4', "Ensure no 'root' user account access key exists", IAM),
    control('1.5', "Ensure MFA is enabled for the 'root' user account", IAM),
    control('1.6', "Ensure hardware MFA is enabled for the 'root' user account", IAM),
    control('1.7', "Eliminate use of the 'root' user for administrative and daily tasks", IAM),
    control('1.8', 'Ensure IAM password policy requires minimum length of 14 or greater', IAM),
    control('1.9', 'Ensure IAM password policy prevents password reuse', IAM),
    control('1.10', 'Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password', IAM),
    control('1.11', 'Do not setup access keys during initial user setup for all IAM users that have a console password', IAM),
    control('1.12', 'Ensure credentials unused for 45 days or greater are disabled', IAM),
    control('1.13', 'Ensure there is only one active access key available for any single IAM user', IAM),
    control('1.14', 'Ensure access keys are rotated every 90 days or less', IAM),
    control('1.15', 'Ensure IAM Users Receive Permissions Only Through Groups', IAM),
    control('1.16', 'Ensure IAM policies that allow full "*:*" administrative privileges are not attached', IAM),
    control('1.17', 'Ensure a support role has been created to manage incidents with AWS Support', IAM),
    control('1.18', 'Ensure IAM instance roles are used for AWS resource access from instances', IAM),
    control('1.19', 'Ensure that all the expired SSL/TLS certificates stored in AWS IAM are removed', IAM),
    control('1.20', 'Ensure that IAM Access analyzer is enabled for all regions', IAM),
    control('1.21', 'Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments', IAM),
    control('1.22', 'Ensure access to AWSCloudShellFullAccess is restricted', IAM),
    control('2.1.1', 'Ensure S3 Bucket Policy is set to deny HTTP requests', STORAGE),
    control('2.1.2', 'Ensure MFA Delete is enabled on S3 buckets', STORAGE),
    control('2.1.3', 'Ensure all data in Amazon S3 has been discovered, classified and secured when required', STORAGE),
    control('2.1.4', "Ensure that S3 Buckets are configured with 'Block public access (bucket settings)'", STORAGE),
    control('2.2.1', 'Ensure EBS Volume Encryption is Enabled in all Regions', STORAGE),
    control('2.3.1', 'Ensure that encryption-at-rest is enabled for RDS Instances', STORAGE),
    control('2.3.2', 'Ensure Auto Minor Version Upgrade feature is Enabled for RDS Instances', STORAGE),
    control('2.3.3', 'Ensure that public access is not given to RDS Instance', STORAGE),
    control('2.4.1', 'Ensure that encryption is enabled for EFS file systems', STORAGE),
    control('3.1', 'Ensure CloudTrail is enabled in all regions', LOGGING),
    control('3.2', 'Ensure CloudTrail log file validation is enabled', LOGGING),
    control('3.3', 'Ensure AWS Config is enabled in all regions', LOGGING),
    control('3.4', 'Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket', LOGGING),
    control('3.5', 'Ensure CloudTrail logs are encrypted at rest using KMS CMKs', LOGGING),
    control('3.6', 'Ensure rotation for customer-created symmetric CMKs is enabled', LOGGING),
    control('3.7', 'Ensure VPC flow logging is enabled in all VPCs', LOGGING),
    control('3.8', 'Ensure that Object-level logging for write events is enabled for S3 bucket', LOGGING),
    control('3.9', 'Ensure that Object-level logging for read events is enabled for S3 bucket', LOGGING),
    control('5.1', 'Ensure no Network ACLs allow ingress from 0.0.0.0/0 to remote server administration ports', NETWORKING),
    control('5.2', 'Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports', NETWORKING),
    control('5.3', 'Ensure no security groups allow ingress from ::/0 to remote server administration ports', NETWORKING),
    control('5.4', 'Ensure the default security group of every VPC restricts all traffic', NETWORKING),
    control('5.5', 'Ensure routing tables for VPC peering are "least access"', NETWORKING),
    control('5.6', 'Ensure that EC2 Metadata Service only allows IMDSv2', NETWORKING),
  ],
};

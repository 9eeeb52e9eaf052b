/**
 * Customer-managed IAM policies do not grant every action on every resource. No property fix: the
 * permissions a principal really needs are a decision only its owners can make.
 */
import * as aws from '@pulumi/aws';
import { fullAdminFinding } from '../../lib/admin-policy.ts';
import { controls } from '../../lib/controls.ts';
import { text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsIamPolicyNoFullAdmin = resourceRule({
  id: 'aws-iam-policy-no-full-admin',
  title: 'IAM policies do not allow "*" actions on "*" resources',
  severity: 'high',
  rationale:
    'A policy with Action "*" on Resource "*" makes every principal it is attached to an account administrator: one leaked key or compromised workload can then read all data, disable logging and delete the estate.',
  remediation:
    'Replace the wildcard statement with the specific actions and resource ARNs the principals need (IAM Access Analyzer can generate a policy from CloudTrail activity); keep full administrator access to a few break-glass roles that use the AWS managed AdministratorAccess policy.',
  controls: controls({
    'cis-aws': ['1.16'],
    'nist-800-53': ['AC-6', 'AC-3'],
    'pci-dss': ['7.2.1', '7.2.2'],
    hitrust: ['01.c'],
    'iso-27001': ['A.8.2', 'A.5.15'],
    soc2: ['CC6.3', 'CC6.1'],
  }),
  resource: aws.iam.Policy,
  validate(props, args, report) {
    const finding = fullAdminFinding('IAM policy', text(props.name) ?? args.name, props.policy);
    if (finding) report(finding);
  },
  examples: {
    pass: [
      {
        type: 'aws:iam/policy:Policy',
        name: 'reader',
        props: {
          name: 'reader',
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::acme-data/*' }],
          }),
        },
      },
      {
        type: 'aws:iam/policy:Policy',
        name: 'deny-all',
        props: { policy: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] } },
      },
    ],
    fail: [
      {
        type: 'aws:iam/policy:Policy',
        name: 'admin',
        props: { name: 'admin', policy: JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }) },
      },
      {
        type: 'aws:iam/policy:Policy',
        name: 'ops',
        props: {
          policy: {
            Version: '2012-10-17',
            Statement: [
              { Sid: 'Read', Effect: 'Allow', Action: ['ec2:Describe*'], Resource: '*' },
              { Sid: 'Everything', Effect: 'Allow', Action: ['*:*'], Resource: ['*'] },
            ],
          },
        },
      },
    ],
  },
});

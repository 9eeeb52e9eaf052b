/**
 * Inline role policies do not grant every action on every resource. Inline policies are the usual
 * way around a review of managed policies, so they get the same check.
 */
import * as aws from '@pulumi/aws';
import { fullAdminFinding } from '../../lib/admin-policy.ts';
import { controls } from '../../lib/controls.ts';
import { text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsIamRolePolicyNoFullAdmin = resourceRule({
  id: 'aws-iam-role-policy-no-full-admin',
  title: 'Inline IAM role policies do not allow "*" actions on "*" resources',
  severity: 'high',
  rationale:
    'An inline policy with Action "*" on Resource "*" makes the role an account administrator, and whatever can assume the role (a workload, a CI job, a federated user) inherits that power.',
  remediation:
    'Replace the wildcard statement with the specific actions and resource ARNs the role needs, ideally as a reviewed managed policy; IAM Access Analyzer can generate one from the role\'s CloudTrail activity.',
  controls: controls({
    'nist-800-53': ['AC-6', 'AC-3'],
    'pci-dss': ['7.2.1', '7.2.2'],
    hitrust: ['01.c'],
    'iso-27001': ['A.8.2', 'A.5.15'],
    soc2: ['CC6.3', 'CC6.1'],
  }),
  resource: aws.iam.RolePolicy,
  validate(props, args, report) {
    const name = text(props.name) ?? args.name;
    const finding = fullAdminFinding('Inline role policy', name, props.policy);
    if (finding) report(finding);
  },
  examples: {
    pass: [
      {
        type: 'aws:iam/rolePolicy:RolePolicy',
        name: 'app-s3',
        props: {
          role: 'app',
          policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::acme-app/*' }] }),
        },
      },
    ],
    fail: [
      {
        type: 'aws:iam/rolePolicy:RolePolicy',
        name: 'app-admin',
        props: { role: 'app', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) },
      },
    ],
  },
});

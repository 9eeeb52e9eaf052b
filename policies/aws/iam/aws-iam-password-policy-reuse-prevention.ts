/** The account password policy stops users cycling back to old passwords. */
import * as aws from '@pulumi/aws';
import type { ResourceValidationArgs } from '@pulumi/policy';
import { controls } from '../../lib/controls.ts';
import { count, isSecret, shown } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

// CIS recommends remembering 24 passwords, the maximum IAM allows; PCI DSS asks for at least 4.
const DEFAULT_REMEMBERED = 24;

function remembered(args: ResourceValidationArgs): number {
  return count(args.getConfig<{ minRemembered?: unknown }>().minRemembered) ?? DEFAULT_REMEMBERED;
}

export const awsIamPasswordPolicyReusePrevention = resourceRule({
  id: 'aws-iam-password-policy-reuse-prevention',
  title: 'IAM password policy prevents reuse of the last 24 passwords',
  severity: 'medium',
  rationale:
    'Without reuse prevention a forced password change can be undone by setting the old, possibly leaked, password again.',
  remediation: 'Set passwordReusePrevention on the aws.iam.AccountPasswordPolicy to at least the configured number (default 24, the IAM maximum).',
  controls: controls({
    'cis-aws': ['1.9'],
    'nist-800-53': ['IA-5(1)'],
    'pci-dss': ['8.3.7'],
    hitrust: ['01.d', '01.r'],
    'iso-27001': ['A.5.17'],
    soc2: ['CC6.1'],
  }),
  configSchema: {
    properties: {
      minRemembered: { type: 'integer', minimum: 1, maximum: 24, default: DEFAULT_REMEMBERED, description: 'Minimum passwordReusePrevention.' },
    },
  },
  resource: aws.iam.AccountPasswordPolicy,
  validate(props, args, report) {
    if (isSecret(props.passwordReusePrevention)) return;
    const actual = count(props.passwordReusePrevention);
    const required = remembered(args);
    if (actual !== undefined && actual >= required) return;
    const why = actual === undefined ? `passwordReusePrevention is ${shown(props.passwordReusePrevention)}, so any old password can be reused` : `passwordReusePrevention is ${actual}`;
    report(`Account password policy allows password reuse: ${why}; at least ${required} remembered passwords required`);
  },
  remediate(props, args) {
    return { ...props, passwordReusePrevention: Math.max(count(props.passwordReusePrevention) ?? 0, remembered(args)) };
  },
  examples: {
    pass: [{ type: 'aws:iam/accountPasswordPolicy:AccountPasswordPolicy', name: 'strict', props: { minimumPasswordLength: 14, passwordReusePrevention: 24 } }],
    fail: [
      { type: 'aws:iam/accountPasswordPolicy:AccountPasswordPolicy', name: 'unset', props: { minimumPasswordLength: 14 } },
      { type: 'aws:iam/accountPasswordPolicy:AccountPasswordPolicy', name: 'short-memory', props: { passwordReusePrevention: 5 } },
    ],
  },
});

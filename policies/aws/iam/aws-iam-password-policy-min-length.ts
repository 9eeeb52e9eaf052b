/** The account password policy requires long passwords. */
import * as aws from '@pulumi/aws';
import type { ResourceValidationArgs } from '@pulumi/policy';
import { controls } from '../../lib/controls.ts';
import { count, isSecret, shown } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

const DEFAULT_MIN_LENGTH = 14;

function minLength(args: ResourceValidationArgs): number {
  return count(args.getConfig<{ minLength?: unknown }>().minLength) ?? DEFAULT_MIN_LENGTH;
}

export const awsIamPasswordPolicyMinLength = resourceRule({
  id: 'aws-iam-password-policy-min-length',
  title: 'IAM password policy requires at least 14 characters',
  severity: 'medium',
  rationale:
    'Length is what makes console passwords resist guessing and offline cracking. Without a policy AWS accepts 8 characters, below both the CIS benchmark (14) and PCI DSS (12).',
  remediation: 'Set minimumPasswordLength on the aws.iam.AccountPasswordPolicy to at least the configured minimum (default 14).',
  controls: controls({
    'cis-aws': ['1.8'],
    'nist-800-53': ['IA-5', 'IA-5(1)'],
    'pci-dss': ['8.3.6'],
    hitrust: ['01.d', '01.r'],
    'iso-27001': ['A.5.17', 'A.8.5'],
    soc2: ['CC6.1'],
  }),
  configSchema: {
    properties: {
      minLength: { type: 'integer', minimum: 8, maximum: 128, default: DEFAULT_MIN_LENGTH, description: 'Minimum minimumPasswordLength.' },
    },
  },
  resource: aws.iam.AccountPasswordPolicy,
  validate(props, args, report) {
    if (isSecret(props.minimumPasswordLength)) return;
    const length = count(props.minimumPasswordLength);
    const required = minLength(args);
    if (length !== undefined && length >= required) return;
    const actual = length === undefined ? `${shown(props.minimumPasswordLength)} (AWS default 8)` : String(length);
    report(`Account password policy minimum length is ${actual}; at least ${required} required`);
  },
  remediate(props, args) {
    return { ...props, minimumPasswordLength: Math.max(count(props.minimumPasswordLength) ?? 0, minLength(args)) };
  },
  examples: {
    pass: [
      { type: 'aws:iam/accountPasswordPolicy:AccountPasswordPolicy', name: 'strict', props: { minimumPasswordLength: 16, requireSymbols: true } },
    ],
    fail: [
      { type: 'aws:iam/accountPasswordPolicy:AccountPasswordPolicy', name: 'weak', props: { minimumPasswordLength: 8, requireSymbols: true } },
      { type: 'aws:iam/accountPasswordPolicy:AccountPasswordPolicy', name: 'unset', props: { requireNumbers: true } },
    ],
  },
});

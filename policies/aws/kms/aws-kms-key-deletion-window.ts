/**
 * KMS keys wait the full 30 days before deletion. Deleting a key makes everything encrypted under
 * it unreadable for good; the waiting period is the only window in which a mistaken or malicious
 * ScheduleKeyDeletion can be noticed and cancelled.
 */
import * as aws from '@pulumi/aws';
import type { ResourceValidationArgs } from '@pulumi/policy';
import { controls } from '../../lib/controls.ts';
import { count } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

const DEFAULT_MIN_DAYS = 30;

function minDays(args: ResourceValidationArgs): number {
  return count(args.getConfig<{ minDeletionWindowDays?: unknown }>().minDeletionWindowDays) ?? DEFAULT_MIN_DAYS;
}

export const awsKmsKeyDeletionWindow = resourceRule({
  id: 'aws-kms-key-deletion-window',
  title: 'KMS keys have a deletion window of at least 30 days',
  severity: 'low',
  rationale:
    'Data encrypted under a deleted key is lost, backups included. A short waiting period leaves little time for the alarm on scheduled key deletion to be seen and the deletion cancelled before it is final.',
  remediation: 'Set deletionWindowInDays to at least the configured minimum (default 30, the maximum KMS allows), or leave it unset (defaults to 30).',
  controls: controls({
    'nist-800-53': ['SC-12'],
    'pci-dss': ['3.6.1'],
    hitrust: ['10.g'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.1'],
  }),
  configSchema: {
    properties: {
      minDeletionWindowDays: { type: 'integer', minimum: 7, maximum: 30, default: DEFAULT_MIN_DAYS, description: 'Minimum deletionWindowInDays.' },
    },
  },
  resource: aws.kms.Key,
  validate(props, args, report) {
    const days = count(props.deletionWindowInDays);
    const required = minDays(args);
    if (days !== undefined && days < required) report(`KMS key can be deleted ${days} days after it is scheduled; at least ${required} required`);
  },
  remediate(props, args) {
    return { ...props, deletionWindowInDays: minDays(args) };
  },
  examples: {
    pass: [
      { type: 'aws:kms/key:Key', name: 'data', props: { description: 'data key', enableKeyRotation: true } },
      { type: 'aws:kms/key:Key', name: 'logs', props: { description: 'log key', deletionWindowInDays: 30 } },
    ],
    fail: [{ type: 'aws:kms/key:Key', name: 'data', props: { description: 'data key', deletionWindowInDays: 7 } }],
  },
});

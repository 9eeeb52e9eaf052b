/**
 * SQS queues declare server-side encryption: SSE-SQS, or SSE-KMS with a key. SQS has encrypted new
 * queues with SSE-SQS by default since 2022, but the provider only detects drift on the setting
 * when the program declares it, so an undeclared queue can be switched to plain text unnoticed.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, present } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsSqsQueueEncryption = resourceRule({
  id: 'aws-sqs-queue-encryption',
  title: 'SQS queues declare server-side encryption',
  severity: 'medium',
  rationale:
    'Messages wait in queues for up to 14 days and often carry the same personal or payment data as the databases they feed. Declaring encryption records which protection applies and keeps a later change from silently turning it off.',
  remediation: 'Set sqsManagedSseEnabled to true (applied in place), or set kmsMasterKeyId to a KMS key for SSE-KMS.',
  controls: controls({
    'nist-800-53': ['SC-28', 'SC-28(1)'],
    'pci-dss': ['3.5.1'],
    hitrust: ['06.d'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.1'],
  }),
  resource: aws.sqs.Queue,
  validate(props, _args, report) {
    if (present(props.kmsMasterKeyId) || flag(props.sqsManagedSseEnabled) === true || isSecret(props.sqsManagedSseEnabled)) return;
    report(
      props.sqsManagedSseEnabled === undefined
        ? 'SQS queue does not declare server-side encryption: neither sqsManagedSseEnabled nor kmsMasterKeyId is set'
        : 'SQS queue is not encrypted: sqsManagedSseEnabled is false and kmsMasterKeyId is unset',
    );
  },
  remediate(props) {
    return { ...props, sqsManagedSseEnabled: true };
  },
  examples: {
    pass: [
      { type: 'aws:sqs/queue:Queue', name: 'orders', props: { name: 'orders', sqsManagedSseEnabled: true } },
      { type: 'aws:sqs/queue:Queue', name: 'payments', props: { name: 'payments', kmsMasterKeyId: 'alias/payments' } },
    ],
    fail: [
      { type: 'aws:sqs/queue:Queue', name: 'orders', props: { name: 'orders' } },
      { type: 'aws:sqs/queue:Queue', name: 'events', props: { name: 'events', sqsManagedSseEnabled: false } },
    ],
  },
});

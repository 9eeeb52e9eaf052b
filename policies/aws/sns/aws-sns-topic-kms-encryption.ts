/**
 * SNS topics encrypt messages at rest with KMS. The property fix uses the configured key (default
 * the AWS-managed alias/aws/sns). That key's policy cannot be edited, so AWS services that publish
 * to a topic (CloudWatch alarms, EventBridge, S3 notifications) cannot use it; topics whose inline
 * policy grants a service principal get no property fix and need a customer-managed key.
 */
import * as aws from '@pulumi/aws';
import type { ResourceValidationArgs } from '@pulumi/policy';
import { controls } from '../../lib/controls.ts';
import { policyDocument, statements } from '../../lib/iam.ts';
import { present, record, text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

const DEFAULT_KEY = 'alias/aws/sns';

function configuredKey(args: ResourceValidationArgs): string {
  return text(args.getConfig<{ kmsKeyId?: unknown }>().kmsKeyId) ?? DEFAULT_KEY;
}

/** True when the topic's inline policy lets an AWS service principal in (or cannot be read). */
function servicePublishes(policy: unknown): boolean {
  if (policy === undefined) return false;
  const document = policyDocument(policy);
  if (document === undefined) return true;
  return statements(document).some((statement) => record(statement.Principal)?.Service !== undefined);
}

export const awsSnsTopicKmsEncryption = resourceRule({
  id: 'aws-sns-topic-kms-encryption',
  title: 'SNS topics encrypt messages with KMS',
  severity: 'medium',
  rationale:
    'SNS stores messages until they are delivered. Without server-side encryption the notifications, which often carry order, account or alert details, are kept unencrypted under a key the account does not control.',
  remediation:
    'Set kmsMasterKeyId to a KMS key: alias/aws/sns for topics that only applications publish to, or a customer-managed key whose policy allows the publishing services (CloudWatch, EventBridge, S3) kms:GenerateDataKey* and kms:Decrypt.',
  controls: controls({
    'nist-800-53': ['SC-28', 'SC-28(1)'],
    'pci-dss': ['3.5.1'],
    hitrust: ['06.d'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.1'],
  }),
  configSchema: {
    properties: {
      kmsKeyId: { type: 'string', default: DEFAULT_KEY, description: 'KMS key id, alias or ARN the property fix puts in kmsMasterKeyId.' },
    },
  },
  resource: aws.sns.Topic,
  validate(props, _args, report) {
    if (!present(props.kmsMasterKeyId)) report('SNS topic does not encrypt messages at rest: kmsMasterKeyId is unset');
  },
  remediate(props, args) {
    const key = configuredKey(args);
    if (key === DEFAULT_KEY && servicePublishes(props.policy)) return undefined;
    return { ...props, kmsMasterKeyId: key };
  },
  examples: {
    pass: [{ type: 'aws:sns/topic:Topic', name: 'orders', props: { name: 'orders', kmsMasterKeyId: 'alias/aws/sns' } }],
    fail: [
      { type: 'aws:sns/topic:Topic', name: 'orders', props: { name: 'orders' } },
      // CloudWatch publishes here: the AWS-managed key would block it, so no property fix.
      {
        type: 'aws:sns/topic:Topic',
        name: 'alarms',
        props: {
          name: 'alarms',
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: '*' }],
          }),
        },
      },
    ],
  },
});

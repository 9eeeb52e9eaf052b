/**
 * CloudWatch log groups keep events long enough for an investigation and an audit. A group with
 * no retention (or 0) never expires its events, which satisfies this rule; the finding is a
 * retention set shorter than the minimum.
 */
import * as aws from '@pulumi/aws';
import type { ResourceValidationArgs } from '@pulumi/policy';
import { controls } from '../../lib/controls.ts';
import { count, isSecret, text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

const DEFAULT_MIN_DAYS = 365;
/** The retention values CloudWatch Logs accepts; a fix picks the smallest one that meets the minimum. */
const ALLOWED_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

function minDays(args: ResourceValidationArgs): number {
  return count(args.getConfig<{ minRetentionDays?: unknown }>().minRetentionDays) ?? DEFAULT_MIN_DAYS;
}

export const awsCloudwatchLogGroupRetention = resourceRule({
  id: 'aws-cloudwatch-log-group-retention',
  title: 'CloudWatch log groups retain events for at least 365 days',
  severity: 'medium',
  rationale:
    'Intrusions are often found months after they start. Log events deleted after a few days or weeks cannot show how the attacker got in or what was touched, and PCI DSS expects a year of audit history.',
  remediation: 'Set retentionInDays to at least the configured minimum (default 365), or to 0 to keep events indefinitely.',
  controls: controls({
    'nist-800-53': ['AU-11', 'SI-12'],
    'pci-dss': ['10.5.1'],
    hitrust: ['09.aa'],
    'iso-27001': ['A.8.15'],
    soc2: ['CC7.2'],
  }),
  configSchema: {
    properties: {
      minRetentionDays: { type: 'integer', minimum: 1, maximum: 3653, default: DEFAULT_MIN_DAYS, description: 'Minimum retentionInDays.' },
    },
  },
  resource: aws.cloudwatch.LogGroup,
  validate(props, args, report) {
    // DELIVERY-class groups are forced to 2 days by the service: they only stage vended logs.
    if (text(props.logGroupClass) === 'DELIVERY' || isSecret(props.logGroupClass)) return;
    const days = count(props.retentionInDays);
    if (days === undefined || days === 0) return;
    const required = minDays(args);
    if (days < required) report(`CloudWatch log group keeps events for ${days} days; at least ${required} required`);
  },
  remediate(props, args) {
    const required = minDays(args);
    const days = ALLOWED_DAYS.find((allowed) => allowed >= required) ?? 0;
    return { ...props, retentionInDays: days };
  },
  examples: {
    pass: [
      { type: 'aws:cloudwatch/logGroup:LogGroup', name: 'app', props: { name: '/app/orders', retentionInDays: 400 } },
      { type: 'aws:cloudwatch/logGroup:LogGroup', name: 'audit', props: { name: '/audit/trail' } },
    ],
    fail: [{ type: 'aws:cloudwatch/logGroup:LogGroup', name: 'app', props: { name: '/app/orders', retentionInDays: 14 } }],
  },
});

/**
 * CloudFront distributions write access logs: legacy standard logs (loggingConfig.bucket) or
 * standard logging v2, where an aws.cloudwatch.LogDeliverySource with logType ACCESS_LOGS names
 * the distribution's ARN. The v2 source is a separate resource, so this is a stack rule; the fix
 * (a delivery source, destination and delivery) is a template.
 */
import * as aws from '@pulumi/aws';
import type { PolicyResource } from '@pulumi/policy';
import { controls } from '../../lib/controls.ts';
import { indexReferences, referrersOf, type Normalize } from '../../lib/references.ts';
import { isSecret, present, pulumiTypes, record, text } from '../../lib/values.ts';
import { stackRule } from '../../rule.ts';

const DISTRIBUTION_TYPES = pulumiTypes(aws.cloudfront.Distribution);
const SOURCE_TYPES = pulumiTypes(aws.cloudwatch.LogDeliverySource);

/** `arn:aws:cloudfront::<account>:distribution/<id>` names the distribution by its id. */
const distributionRef: Normalize = (value) => {
  const at = value.lastIndexOf(':distribution/');
  return at === -1 ? [value] : [value, value.slice(at + ':distribution/'.length)];
};

function deliversAccessLogs(source: PolicyResource): boolean {
  const type = source.props.logType;
  return text(type) === 'ACCESS_LOGS' || isSecret(type);
}

export const awsCloudfrontDistributionLogging = stackRule({
  id: 'aws-cloudfront-distribution-logging',
  title: 'CloudFront distributions write access logs',
  severity: 'medium',
  rationale:
    'CloudFront access logs are the record of every viewer request: client address, path, status and TLS details. Without them an attack on the application or a scrape of its content cannot be investigated.',
  remediation:
    'Enable standard logging: an aws.cloudwatch.LogDeliverySource (logType "ACCESS_LOGS", resourceArn the distribution ARN) with a LogDeliveryDestination and LogDelivery to S3 or CloudWatch Logs, or the legacy loggingConfig { bucket: "<bucket>.s3.amazonaws.com" }.',
  controls: controls({
    'nist-800-53': ['AU-2', 'AU-12'],
    'pci-dss': ['10.2.1'],
    hitrust: ['09.aa'],
    'iso-27001': ['A.8.15'],
    soc2: ['CC7.2'],
  }),
  resourceTypes: [...DISTRIBUTION_TYPES, ...SOURCE_TYPES],
  template: 'cloudfront-access-logs',
  validate(args, report) {
    const index = indexReferences(args.resources, SOURCE_TYPES, 'resourceArn', distributionRef);
    for (const distribution of args.resources) {
      if (!DISTRIBUTION_TYPES.has(distribution.type)) continue;
      if (present(record(distribution.props.loggingConfig)?.bucket)) continue;
      if (referrersOf(distribution, index).some(deliversAccessLogs)) continue;
      report(`CloudFront distribution "${distribution.name}" writes no access logs: loggingConfig is unset and no LogDeliverySource names it`, distribution.urn);
    }
  },
  examples: {
    pass: [
      [{ type: 'aws:cloudfront/distribution:Distribution', name: 'site', props: { enabled: true, loggingConfig: { bucket: 'acme-cf-logs.s3.amazonaws.com', prefix: 'site/' } } }],
      [
        { type: 'aws:cloudfront/distribution:Distribution', name: 'app', props: { enabled: true } },
        {
          type: 'aws:cloudwatch/logDeliverySource:LogDeliverySource',
          name: 'app-logs',
          props: { name: 'app-access', logType: 'ACCESS_LOGS', resourceArn: 'arn:aws:cloudfront::111122223333:distribution/app_id' },
        },
      ],
    ],
    fail: [
      [{ type: 'aws:cloudfront/distribution:Distribution', name: 'site', props: { enabled: true } }],
      [
        { type: 'aws:cloudfront/distribution:Distribution', name: 'site', props: { enabled: true } },
        {
          type: 'aws:cloudwatch/logDeliverySource:LogDeliverySource',
          name: 'other-logs',
          props: { name: 'other-access', logType: 'ACCESS_LOGS', resourceArn: 'arn:aws:cloudfront::111122223333:distribution/E2OTHER' },
        },
      ],
    ],
  },
});

/**
 * CloudFront distributions are protected by an AWS WAF web ACL. The fix needs a web ACL (in
 * us-east-1, scope CLOUDFRONT) with managed rule groups, so it is a template, not a property edit.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { present } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsCloudfrontDistributionWaf = resourceRule({
  id: 'aws-cloudfront-distribution-waf',
  title: 'CloudFront distributions are associated with an AWS WAF web ACL',
  severity: 'medium',
  rationale:
    'A distribution is the public front door of the application. Without a web ACL, injection attempts, known-bad bots and request floods reach the origin unfiltered, and there is no place to block an attack while a fix is deployed.',
  remediation:
    'Create an aws.wafv2.WebAcl with scope "CLOUDFRONT" in us-east-1 (with the AWS managed common, known-bad-inputs and IP-reputation rule groups and a rate-based rule) and set the distribution\'s webAclId to its ARN.',
  controls: controls({
    'nist-800-53': ['SC-5', 'SC-7', 'SI-4'],
    'pci-dss': ['6.4.2'],
    hitrust: ['09.m'],
    'iso-27001': ['A.8.20'],
    soc2: ['CC6.6'],
  }),
  resource: aws.cloudfront.Distribution,
  template: 'cloudfront-waf-web-acl',
  validate(props, _args, report) {
    if (!present(props.webAclId)) report('CloudFront distribution has no AWS WAF web ACL: webAclId is unset');
  },
  examples: {
    pass: [
      {
        type: 'aws:cloudfront/distribution:Distribution',
        name: 'site',
        props: { enabled: true, webAclId: 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/site/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111' },
      },
    ],
    fail: [{ type: 'aws:cloudfront/distribution:Distribution', name: 'site', props: { enabled: true } }],
  },
});

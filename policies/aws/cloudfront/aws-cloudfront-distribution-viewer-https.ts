/** CloudFront distributions only serve viewers over HTTPS, redirecting plain-HTTP requests. */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { items, record, shown, text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

function allowsHttp(behavior: unknown): boolean {
  return text(record(behavior)?.viewerProtocolPolicy) === 'allow-all';
}

function redirected(behavior: unknown): unknown {
  const entry = record(behavior);
  return entry && allowsHttp(entry) ? { ...entry, viewerProtocolPolicy: 'redirect-to-https' } : behavior;
}

export const awsCloudfrontDistributionViewerHttps = resourceRule({
  id: 'aws-cloudfront-distribution-viewer-https',
  title: 'CloudFront distributions require HTTPS from viewers',
  severity: 'medium',
  rationale:
    'A cache behaviour with viewerProtocolPolicy "allow-all" serves content and accepts cookies and form posts over plain HTTP, where anyone on the network path can read or change them.',
  remediation: 'Set viewerProtocolPolicy to "redirect-to-https" (or "https-only") on the default and every ordered cache behaviour (applied in place).',
  controls: controls({
    'nist-800-53': ['SC-8', 'SC-8(1)'],
    'pci-dss': ['4.2.1'],
    hitrust: ['09.s'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.7'],
  }),
  resource: aws.cloudfront.Distribution,
  validate(props, _args, report) {
    const open: string[] = [];
    if (allowsHttp(props.defaultCacheBehavior)) open.push('the default cache behavior');
    for (const behavior of items(props.orderedCacheBehaviors)) {
      if (allowsHttp(behavior)) open.push(`path ${shown(record(behavior)?.pathPattern)}`);
    }
    if (open.length > 0) report(`CloudFront distribution serves plain HTTP: viewerProtocolPolicy is "allow-all" on ${open.join(', ')}`);
  },
  remediate(props) {
    const next: Record<string, unknown> = { ...props, defaultCacheBehavior: redirected(props.defaultCacheBehavior) };
    if (Array.isArray(props.orderedCacheBehaviors)) next.orderedCacheBehaviors = props.orderedCacheBehaviors.map(redirected);
    return next;
  },
  examples: {
    pass: [
      {
        type: 'aws:cloudfront/distribution:Distribution',
        name: 'site',
        props: {
          enabled: true,
          origins: [{ originId: 's3', domainName: 'acme-site.s3.amazonaws.com' }],
          defaultCacheBehavior: { targetOriginId: 's3', viewerProtocolPolicy: 'redirect-to-https', allowedMethods: ['GET', 'HEAD'], cachedMethods: ['GET', 'HEAD'] },
          orderedCacheBehaviors: [{ pathPattern: '/api/*', targetOriginId: 's3', viewerProtocolPolicy: 'https-only', allowedMethods: ['GET', 'HEAD'], cachedMethods: ['GET', 'HEAD'] }],
          viewerCertificate: { cloudfrontDefaultCertificate: true },
          restrictions: { geoRestriction: { restrictionType: 'none' } },
        },
      },
    ],
    fail: [
      {
        type: 'aws:cloudfront/distribution:Distribution',
        name: 'site',
        props: {
          enabled: true,
          origins: [{ originId: 's3', domainName: 'acme-site.s3.amazonaws.com' }],
          defaultCacheBehavior: { targetOriginId: 's3', viewerProtocolPolicy: 'allow-all', allowedMethods: ['GET', 'HEAD'], cachedMethods: ['GET', 'HEAD'] },
          orderedCacheBehaviors: [{ pathPattern: '/api/*', targetOriginId: 's3', viewerProtocolPolicy: 'allow-all', allowedMethods: ['GET', 'HEAD'], cachedMethods: ['GET', 'HEAD'] }],
          viewerCertificate: { cloudfrontDefaultCertificate: true },
          restrictions: { geoRestriction: { restrictionType: 'none' } },
        },
      },
    ],
  },
});

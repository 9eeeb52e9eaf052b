/**
 * CloudFront reaches custom origins over HTTPS with TLS 1.2. The property fix only removes
 * SSLv3/TLSv1/TLSv1.1 from originSslProtocols; switching an origin from HTTP to HTTPS needs the
 * origin to serve HTTPS first (and S3 website endpoints cannot), so that part is left to a person.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { isSecret, items, record, shown, text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

const OLD_PROTOCOLS = new Set(['SSLv3', 'TLSv1', 'TLSv1.1']);

interface OriginProblem {
  originId: string;
  plainHttp: boolean;
  oldProtocols: string[];
}

function problems(origins: unknown): OriginProblem[] {
  const found: OriginProblem[] = [];
  for (const origin of items(origins)) {
    const config = record(record(origin)?.customOriginConfig);
    if (config === undefined) continue;
    const policy = config.originProtocolPolicy;
    const plainHttp = !isSecret(policy) && text(policy) !== undefined && text(policy) !== 'https-only';
    const oldProtocols = items(config.originSslProtocols).filter((protocol): protocol is string => typeof protocol === 'string' && OLD_PROTOCOLS.has(protocol));
    if (plainHttp || oldProtocols.length > 0) found.push({ originId: text(record(origin)?.originId) ?? 'unknown', plainHttp, oldProtocols });
  }
  return found;
}

function describe(problem: OriginProblem): string {
  const parts = [
    ...(problem.plainHttp ? ['may use plain HTTP (originProtocolPolicy is not "https-only")'] : []),
    ...(problem.oldProtocols.length > 0 ? [`allows ${problem.oldProtocols.join(', ')}`] : []),
  ];
  return `origin ${shown(problem.originId)} ${parts.join(' and ')}`;
}

export const awsCloudfrontDistributionOriginTls = resourceRule({
  id: 'aws-cloudfront-distribution-origin-tls',
  title: 'CloudFront connects to custom origins over HTTPS with TLS 1.2',
  severity: 'medium',
  rationale:
    'Traffic between CloudFront and a custom origin crosses the internet. Over HTTP, or over SSLv3/TLS 1.0/1.1, the requests (with viewers\' cookies and form data) and the responses can be read or altered on the way.',
  remediation:
    'Set customOriginConfig.originProtocolPolicy to "https-only" and originSslProtocols to ["TLSv1.2"] on every custom origin, after making sure the origin serves HTTPS with a valid certificate.',
  controls: controls({
    'nist-800-53': ['SC-8', 'SC-8(1)'],
    'pci-dss': ['4.2.1'],
    hitrust: ['09.s'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.7'],
  }),
  resource: aws.cloudfront.Distribution,
  validate(props, _args, report) {
    const found = problems(props.origins);
    if (found.length > 0) report(`CloudFront distribution reaches origins insecurely: ${found.map(describe).join('; ')}`);
  },
  remediate(props) {
    const found = problems(props.origins);
    if (found.length === 0 || found.some((problem) => problem.plainHttp) || !Array.isArray(props.origins)) return undefined;
    const origins = props.origins.map((origin) => {
      const entry = record(origin);
      const config = record(entry?.customOriginConfig);
      if (entry === undefined || config === undefined) return origin;
      const kept = items(config.originSslProtocols).filter((protocol) => !(typeof protocol === 'string' && OLD_PROTOCOLS.has(protocol)));
      return { ...entry, customOriginConfig: { ...config, originSslProtocols: kept.length > 0 ? kept : ['TLSv1.2'] } };
    });
    return { ...props, origins };
  },
  examples: {
    pass: [
      {
        type: 'aws:cloudfront/distribution:Distribution',
        name: 'app',
        props: {
          enabled: true,
          origins: [
            {
              originId: 'alb',
              domainName: 'app-123.us-east-1.elb.amazonaws.com',
              customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'] },
            },
            { originId: 's3', domainName: 'acme-assets.s3.amazonaws.com', s3OriginConfig: { originAccessIdentity: '' } },
          ],
        },
      },
    ],
    fail: [
      {
        type: 'aws:cloudfront/distribution:Distribution',
        name: 'app',
        props: {
          enabled: true,
          origins: [
            {
              originId: 'alb',
              domainName: 'app-123.us-east-1.elb.amazonaws.com',
              customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'] },
            },
          ],
        },
      },
      // Detected, but the origin may not serve HTTPS at all: no property fix.
      {
        type: 'aws:cloudfront/distribution:Distribution',
        name: 'website',
        props: {
          enabled: true,
          origins: [
            {
              originId: 'site',
              domainName: 'acme-site.s3-website-us-east-1.amazonaws.com',
              customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'http-only', originSslProtocols: ['TLSv1.2'] },
            },
          ],
        },
      },
    ],
  },
});

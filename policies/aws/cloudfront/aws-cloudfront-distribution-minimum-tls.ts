/**
 * CloudFront distributions with their own certificate accept TLS 1.2 or later from viewers.
 * Distributions on the default *.cloudfront.net certificate are out of scope: CloudFront fixes
 * their policy at TLSv1 and it cannot be changed without a custom domain and certificate.
 * Dedicated-IP (`vip`) distributions only support SSLv3 or TLSv1 policies, so they are reported
 * without a property fix: moving to SNI is a decision about which clients to drop.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, present, record, text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

const RECOMMENDED = 'TLSv1.2_2021';

function customCertificate(certificate: Record<string, unknown> | undefined): boolean {
  if (certificate === undefined || flag(certificate.cloudfrontDefaultCertificate) === true) return false;
  return present(certificate.acmCertificateArn) || present(certificate.iamCertificateId);
}

export const awsCloudfrontDistributionMinimumTls = resourceRule({
  id: 'aws-cloudfront-distribution-minimum-tls',
  title: 'CloudFront distributions require TLS 1.2 or later from viewers',
  severity: 'high',
  rationale:
    'TLS 1.0 and 1.1 have known weaknesses and are no longer accepted as strong cryptography by PCI DSS or NIST; a distribution that negotiates them lets downgraded sessions carry application traffic.',
  remediation: `Set viewerCertificate.minimumProtocolVersion to "${RECOMMENDED}" (or a later TLSv1.2/TLSv1.3 policy) with sslSupportMethod "sni-only" (applied in place).`,
  controls: controls({
    'nist-800-53': ['SC-8', 'SC-8(1)', 'SC-13'],
    'pci-dss': ['4.2.1'],
    hitrust: ['09.s'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.7'],
  }),
  resource: aws.cloudfront.Distribution,
  validate(props, _args, report) {
    const certificate = record(props.viewerCertificate);
    if (!customCertificate(certificate)) return;
    const version = certificate?.minimumProtocolVersion;
    if (isSecret(version) || /^TLSv1\.[23]/.test(text(version) ?? '')) return;
    report(
      `CloudFront distribution accepts TLS versions older than 1.2: viewerCertificate.minimumProtocolVersion is ${version === undefined ? 'unset (defaults to "TLSv1")' : JSON.stringify(version)}`,
    );
  },
  remediate(props) {
    const certificate = record(props.viewerCertificate);
    if (certificate === undefined || text(certificate.sslSupportMethod) === 'vip') return undefined;
    return { ...props, viewerCertificate: { ...certificate, minimumProtocolVersion: RECOMMENDED } };
  },
  examples: {
    pass: [
      {
        type: 'aws:cloudfront/distribution:Distribution',
        name: 'site',
        props: {
          enabled: true,
          aliases: ['www.example.com'],
          viewerCertificate: { acmCertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc', sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' },
        },
      },
      { type: 'aws:cloudfront/distribution:Distribution', name: 'preview', props: { enabled: true, viewerCertificate: { cloudfrontDefaultCertificate: true } } },
    ],
    fail: [
      {
        type: 'aws:cloudfront/distribution:Distribution',
        name: 'site',
        props: {
          enabled: true,
          aliases: ['www.example.com'],
          viewerCertificate: { acmCertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc', sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1_2016' },
        },
      },
      {
        type: 'aws:cloudfront/distribution:Distribution',
        name: 'legacy',
        props: { enabled: true, aliases: ['legacy.example.com'], viewerCertificate: { iamCertificateId: 'ASCACKCEVSQ6C2EXAMPLE', sslSupportMethod: 'vip' } },
      },
    ],
  },
});

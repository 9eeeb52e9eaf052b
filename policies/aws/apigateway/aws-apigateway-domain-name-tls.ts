/**
 * REST API custom domains refuse TLS 1.0. The provider only detects drift on securityPolicy when
 * the program sets it, so an unset policy is reported too.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { isSecret, text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

/** The legacy policies that still accept TLS 1.0 or 1.1; the enhanced SecurityPolicy_TLS1x_* ones start at 1.2. */
const WEAK = /^TLS_1_[01]$|_TLS1[01]_|_TLS1_[01]_/;

export const awsApigatewayDomainNameTls = resourceRule({
  id: 'aws-apigateway-domain-name-tls',
  title: 'API Gateway custom domains require TLS 1.2 or later',
  severity: 'high',
  rationale:
    'TLS 1.0 has known weaknesses and is no longer accepted as strong cryptography by PCI DSS or NIST. A custom domain that accepts it lets clients, or an attacker forcing a downgrade, use it for API traffic.',
  remediation: 'Set securityPolicy to "TLS_1_2" (or an enhanced SecurityPolicy_TLS13_* policy) on the domain name (applied in place).',
  controls: controls({
    'nist-800-53': ['SC-8', 'SC-8(1)', 'SC-13'],
    'pci-dss': ['4.2.1'],
    hitrust: ['09.s'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.7'],
  }),
  resource: aws.apigateway.DomainName,
  validate(props, _args, report) {
    const policy = props.securityPolicy;
    if (isSecret(policy)) return;
    const name = text(policy);
    if (name !== undefined && !WEAK.test(name)) return;
    report(`API Gateway domain may accept TLS 1.0: securityPolicy is ${name === undefined ? 'unset' : JSON.stringify(name)}`);
  },
  remediate(props) {
    return { ...props, securityPolicy: 'TLS_1_2' };
  },
  examples: {
    pass: [
      {
        type: 'aws:apigateway/domainName:DomainName',
        name: 'api',
        props: { domainName: 'api.example.com', regionalCertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc', securityPolicy: 'TLS_1_2' },
      },
    ],
    fail: [
      {
        type: 'aws:apigateway/domainName:DomainName',
        name: 'api',
        props: { domainName: 'api.example.com', regionalCertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc', securityPolicy: 'TLS_1_0' },
      },
      { type: 'aws:apigateway/domainName:DomainName', name: 'legacy', props: { domainName: 'legacy.example.com', certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/def' } },
    ],
  },
});

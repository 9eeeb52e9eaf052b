/**
 * OpenSearch Service domain endpoints require HTTPS with TLS 1.2 or later. The provider only
 * detects drift on tlsSecurityPolicy when the program sets it, and domains created under the older
 * default accept TLS 1.0, so an unset policy is reported too.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, record, text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

const RECOMMENDED = 'Policy-Min-TLS-1-2-PFS-2023-10';

export const awsOpensearchDomainHttpsTls = resourceRule({
  id: 'aws-opensearch-domain-https-tls',
  title: 'OpenSearch domains require HTTPS with TLS 1.2 or later',
  severity: 'high',
  rationale:
    'Queries and results carry the indexed data and the credentials used to reach it. Plain HTTP, or TLS 1.0 and 1.1, lets them be read or altered between client and domain.',
  remediation: `Set domainEndpointOptions.enforceHttps to true and tlsSecurityPolicy to "${RECOMMENDED}" (or "Policy-Min-TLS-1-2-2019-07"); applied in place.`,
  controls: controls({
    'nist-800-53': ['SC-8', 'SC-8(1)', 'SC-13'],
    'pci-dss': ['4.2.1'],
    hitrust: ['09.s'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.7'],
  }),
  resource: aws.opensearch.Domain,
  validate(props, _args, report) {
    const options = record(props.domainEndpointOptions);
    const problems: string[] = [];
    if (flag(options?.enforceHttps) === false) problems.push('enforceHttps is false');
    const policy = options?.tlsSecurityPolicy;
    if (!isSecret(policy) && !/^Policy-Min-TLS-1-[23]/.test(text(policy) ?? '')) {
      problems.push(`tlsSecurityPolicy is ${policy === undefined ? 'unset (older domains default to TLS 1.0)' : JSON.stringify(policy)}`);
    }
    if (problems.length > 0) report(`OpenSearch domain accepts insecure connections: ${problems.join(' and ')}`);
  },
  remediate(props) {
    return { ...props, domainEndpointOptions: { ...(record(props.domainEndpointOptions) ?? {}), enforceHttps: true, tlsSecurityPolicy: RECOMMENDED } };
  },
  examples: {
    pass: [
      {
        type: 'aws:opensearch/domain:Domain',
        name: 'search',
        props: { engineVersion: 'OpenSearch_2.13', domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' } },
      },
    ],
    fail: [
      { type: 'aws:opensearch/domain:Domain', name: 'search', props: { engineVersion: 'OpenSearch_2.13' } },
      {
        type: 'aws:opensearch/domain:Domain',
        name: 'logs',
        props: { engineVersion: 'OpenSearch_2.13', domainEndpointOptions: { enforceHttps: false, tlsSecurityPolicy: 'Policy-Min-TLS-1-0-2019-07' } },
      },
    ],
  },
});

/**
 * OpenSearch Service domains encrypt data at rest. The property fix applies only where AWS can
 * enable it in place (see lib/opensearch.ts); older Elasticsearch domains are reported without one.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { encryptsInPlace } from '../../lib/opensearch.ts';
import { flag, isSecret, record, shown } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsOpensearchDomainEncryptionAtRest = resourceRule({
  id: 'aws-opensearch-domain-encryption-at-rest',
  title: 'OpenSearch domains encrypt data at rest',
  severity: 'high',
  rationale:
    'Search indexes hold copies of the documents, logs and records fed into them. Without encryption at rest, indexes, automated snapshots and swap files are readable by whoever obtains the storage or a snapshot.',
  remediation:
    'Set encryptAtRest.enabled to true (optionally kmsKeyId); applied in place as a blue/green update on OpenSearch and Elasticsearch 6.7+, older domains must be upgraded or re-created.',
  controls: controls({
    'nist-800-53': ['SC-28', 'SC-28(1)'],
    'pci-dss': ['3.5.1'],
    hitrust: ['06.d'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.1'],
  }),
  resource: aws.opensearch.Domain,
  validate(props, _args, report) {
    const enabled = record(props.encryptAtRest)?.enabled;
    if (flag(enabled) === true || isSecret(enabled)) return;
    report(`OpenSearch domain does not encrypt data at rest: encryptAtRest.enabled is ${shown(enabled)}`);
  },
  remediate(props) {
    if (!encryptsInPlace(props.engineVersion)) return undefined;
    return { ...props, encryptAtRest: { ...(record(props.encryptAtRest) ?? {}), enabled: true } };
  },
  examples: {
    pass: [{ type: 'aws:opensearch/domain:Domain', name: 'search', props: { engineVersion: 'OpenSearch_2.13', encryptAtRest: { enabled: true } } }],
    fail: [
      { type: 'aws:opensearch/domain:Domain', name: 'search', props: { engineVersion: 'OpenSearch_2.13' } },
      // Detected, but enabling it would replace a domain this old: no property fix.
      { type: 'aws:opensearch/domain:Domain', name: 'legacy', props: { engineVersion: 'Elasticsearch_6.3', encryptAtRest: { enabled: false } } },
    ],
  },
});

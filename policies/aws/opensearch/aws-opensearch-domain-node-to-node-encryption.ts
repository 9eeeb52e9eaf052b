/**
 * OpenSearch Service domains encrypt traffic between their nodes. The property fix applies only
 * where AWS can enable it in place (see lib/opensearch.ts).
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { encryptsInPlace } from '../../lib/opensearch.ts';
import { flag, isSecret, record, shown } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsOpensearchDomainNodeToNodeEncryption = resourceRule({
  id: 'aws-opensearch-domain-node-to-node-encryption',
  title: 'OpenSearch domains encrypt node-to-node traffic',
  severity: 'medium',
  rationale:
    'Without node-to-node encryption, shard replication and query traffic between data nodes crosses the VPC in clear text, exposing indexed documents to anything that can observe that traffic.',
  remediation: 'Set nodeToNodeEncryption.enabled to true; applied in place on OpenSearch and Elasticsearch 6.7+, older domains must be upgraded or re-created.',
  controls: controls({
    'nist-800-53': ['SC-8', 'SC-8(1)'],
    hitrust: ['09.s'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.7'],
  }),
  resource: aws.opensearch.Domain,
  validate(props, _args, report) {
    const enabled = record(props.nodeToNodeEncryption)?.enabled;
    if (flag(enabled) === true || isSecret(enabled)) return;
    report(`OpenSearch domain does not encrypt node-to-node traffic: nodeToNodeEncryption.enabled is ${shown(enabled)}`);
  },
  remediate(props) {
    if (!encryptsInPlace(props.engineVersion)) return undefined;
    return { ...props, nodeToNodeEncryption: { ...(record(props.nodeToNodeEncryption) ?? {}), enabled: true } };
  },
  examples: {
    pass: [{ type: 'aws:opensearch/domain:Domain', name: 'search', props: { engineVersion: 'OpenSearch_2.13', nodeToNodeEncryption: { enabled: true } } }],
    fail: [{ type: 'aws:opensearch/domain:Domain', name: 'search', props: { engineVersion: 'OpenSearch_2.13' } }],
  },
});

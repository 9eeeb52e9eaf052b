/**
 * Aurora MySQL and PostgreSQL clusters accept IAM database authentication, so people and services
 * can connect with short-lived tokens tied to their AWS identity. Aurora Serverless v1 does not
 * support it and is left alone.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, shown, text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

const ENGINES = new Set(['aurora-mysql', 'aurora-postgresql']);

export const awsRdsClusterIamAuthentication = resourceRule({
  id: 'aws-rds-cluster-iam-authentication',
  title: 'Aurora clusters have IAM database authentication enabled',
  severity: 'low',
  rationale:
    'Without IAM authentication every connection uses a long-lived database password that is copied into configuration, rarely rotated and not tied to a person. IAM tokens last 15 minutes and every connection maps to an AWS identity that can be revoked centrally.',
  remediation: 'Set iamDatabaseAuthenticationEnabled to true (applied in place), then create database users for IAM authentication and move clients to tokens.',
  controls: controls({
    'nist-800-53': ['AC-2', 'IA-2', 'IA-5'],
    hitrust: ['01.q'],
    'iso-27001': ['A.5.17', 'A.8.5'],
    soc2: ['CC6.1'],
  }),
  resource: aws.rds.Cluster,
  validate(props, _args, report) {
    if (!ENGINES.has(text(props.engine) ?? '') || text(props.engineMode) === 'serverless') return;
    if (flag(props.iamDatabaseAuthenticationEnabled) === true || isSecret(props.iamDatabaseAuthenticationEnabled)) return;
    report(`Aurora cluster only accepts database passwords: iamDatabaseAuthenticationEnabled is ${shown(props.iamDatabaseAuthenticationEnabled)}`);
  },
  remediate(props) {
    return { ...props, iamDatabaseAuthenticationEnabled: true };
  },
  examples: {
    pass: [{ type: 'aws:rds/cluster:Cluster', name: 'orders', props: { engine: 'aurora-postgresql', iamDatabaseAuthenticationEnabled: true } }],
    fail: [{ type: 'aws:rds/cluster:Cluster', name: 'orders', props: { engine: 'aurora-mysql' } }],
  },
});

/**
 * MySQL, MariaDB and PostgreSQL instances accept IAM database authentication, so people and
 * services can connect with short-lived tokens tied to their AWS identity. Aurora instances take
 * the setting from their cluster (aws-rds-cluster-iam-authentication); other engines lack it.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { isAurora } from '../../lib/rds.ts';
import { flag, isSecret, shown, text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

const ENGINES = new Set(['mysql', 'mariadb', 'postgres']);

export const awsRdsInstanceIamAuthentication = resourceRule({
  id: 'aws-rds-instance-iam-authentication',
  title: 'RDS instances have IAM database authentication enabled',
  severity: 'low',
  rationale:
    'Without IAM authentication every connection uses a long-lived database password that is copied into configuration, rarely rotated and not tied to a person. IAM tokens last 15 minutes and every connection maps to an AWS identity that can be revoked centrally.',
  remediation: 'Set iamDatabaseAuthenticationEnabled to true (applied in place), then create database users with the rds_iam role or AWSAuthenticationPlugin and move clients to tokens.',
  controls: controls({
    'nist-800-53': ['AC-2', 'IA-2', 'IA-5'],
    hitrust: ['01.q'],
    'iso-27001': ['A.5.17', 'A.8.5'],
    soc2: ['CC6.1'],
  }),
  resource: aws.rds.Instance,
  validate(props, _args, report) {
    if (isAurora(props) || !ENGINES.has(text(props.engine) ?? '')) return;
    if (flag(props.iamDatabaseAuthenticationEnabled) === true || isSecret(props.iamDatabaseAuthenticationEnabled)) return;
    report(`RDS instance only accepts database passwords: iamDatabaseAuthenticationEnabled is ${shown(props.iamDatabaseAuthenticationEnabled)}`);
  },
  remediate(props) {
    return { ...props, iamDatabaseAuthenticationEnabled: true };
  },
  examples: {
    pass: [
      { type: 'aws:rds/instance:Instance', name: 'orders', props: { engine: 'postgres', instanceClass: 'db.t3.micro', iamDatabaseAuthenticationEnabled: true } },
      { type: 'aws:rds/instance:Instance', name: 'erp', props: { engine: 'oracle-ee', instanceClass: 'db.m6i.large' } },
    ],
    fail: [{ type: 'aws:rds/instance:Instance', name: 'orders', props: { engine: 'mysql', instanceClass: 'db.t3.micro' } }],
  },
});

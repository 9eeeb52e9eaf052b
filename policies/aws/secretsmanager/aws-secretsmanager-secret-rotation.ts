/**
 * Every Secrets Manager secret rotates automatically. Rotation lives on a companion
 * aws.secretsmanager.SecretRotation whose `secretId` names the secret (by ARN or name), so this is
 * a stack rule; the fix adds that companion (with a rotation function or a managed rotation),
 * which is a template.
 */
import * as aws from '@pulumi/aws';
import type { PolicyResource } from '@pulumi/policy';
import { controls } from '../../lib/controls.ts';
import { indexReferences, labelOf, referrersOf } from '../../lib/references.ts';
import { flag, pulumiTypes } from '../../lib/values.ts';
import { stackRule } from '../../rule.ts';

const SECRET_TYPES = pulumiTypes(aws.secretsmanager.Secret);
const ROTATION_TYPES = pulumiTypes(aws.secretsmanager.SecretRotation);

/** A secret ARN ends in `:secret:<name>-<6 random characters>`; the name is what a secret's props hold. */
function secretNames(ref: string): string[] {
  const at = ref.indexOf(':secret:');
  if (!ref.startsWith('arn:') || at === -1) return [ref];
  const named = ref.slice(at + ':secret:'.length);
  return [ref, named, named.replace(/-[A-Za-z0-9]{6}$/, '')];
}

function rotates(rotation: PolicyResource): boolean {
  return flag(rotation.props.rotationEnabled) !== false;
}

export const awsSecretsmanagerSecretRotation = stackRule({
  id: 'aws-secretsmanager-secret-rotation',
  title: 'Secrets Manager secrets rotate automatically',
  severity: 'medium',
  rationale:
    'A credential that never changes stays valid for as long as any copy of it exists: in an old laptop, a log line, a former employee\'s notes. Automatic rotation bounds how long a leaked secret is useful.',
  remediation:
    'Add an aws.secretsmanager.SecretRotation whose secretId is the secret, with rotationRules (for example automaticallyAfterDays: 30) and a rotationLambdaArn (AWS provides rotation functions for RDS, Redshift and DocumentDB credentials).',
  controls: controls({
    'nist-800-53': ['IA-5'],
    'pci-dss': ['8.6.3'],
    hitrust: ['01.r'],
    'iso-27001': ['A.5.17'],
    soc2: ['CC6.1'],
  }),
  resourceTypes: [...SECRET_TYPES, ...ROTATION_TYPES],
  template: 'secretsmanager-secret-rotation',
  validate(args, report) {
    const index = indexReferences(args.resources, ROTATION_TYPES, 'secretId', secretNames);
    for (const secret of args.resources) {
      if (!SECRET_TYPES.has(secret.type)) continue;
      const rotations = referrersOf(secret, index, ['name']);
      if (rotations.some(rotates)) continue;
      const why = rotations.length === 0 ? 'no SecretRotation references it' : 'its SecretRotation has rotationEnabled false';
      report(`Secrets Manager secret "${labelOf(secret, ['name'])}" does not rotate automatically: ${why}`, secret.urn);
    }
  },
  examples: {
    pass: [
      [
        { type: 'aws:secretsmanager/secret:Secret', name: 'db-password', props: { name: 'prod/db/password' } },
        {
          type: 'aws:secretsmanager/secretRotation:SecretRotation',
          name: 'db-password-rotation',
          props: {
            secretId: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db/password-AbC123',
            rotationLambdaArn: 'arn:aws:lambda:us-east-1:111122223333:function:rotate-postgres',
            rotationRules: { automaticallyAfterDays: 30 },
          },
        },
      ],
      // Under Pulumi mocks the rotation holds the secret's mock id.
      [
        { type: 'aws:secretsmanager/secret:Secret', name: 'api-key', props: {} },
        { type: 'aws:secretsmanager/secretRotation:SecretRotation', name: 'api-key-rotation', props: { secretId: 'api-key_id', rotationRules: { automaticallyAfterDays: 7 } } },
      ],
    ],
    fail: [
      [{ type: 'aws:secretsmanager/secret:Secret', name: 'db-password', props: { name: 'prod/db/password' } }],
      [
        { type: 'aws:secretsmanager/secret:Secret', name: 'db-password', props: { name: 'prod/db/password' } },
        { type: 'aws:secretsmanager/secretRotation:SecretRotation', name: 'db-password-rotation', props: { secretId: 'prod/db/password', rotationEnabled: false } },
      ],
    ],
  },
});

/**
 * ECR repositories encrypt images with KMS. No property fix: a repository's encryption
 * configuration cannot change after creation, so the fix is a new repository and a re-push of
 * the images, which a person schedules.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { isSecret, many, record, shown } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsEcrRepositoryKmsEncryption = resourceRule({
  id: 'aws-ecr-repository-kms-encryption',
  title: 'ECR repositories encrypt images with a KMS key',
  severity: 'low',
  rationale:
    'Images often embed configuration, internal endpoints and proprietary code. KMS encryption puts reading them behind a key policy and logs every use of the key; the AES256 default is encryption the account cannot control or audit.',
  remediation:
    'Create a new repository with encryptionConfigurations [{ encryptionType: "KMS", kmsKey: <key ARN> }], push the images to it and point deployments there; the encryption of an existing repository cannot be changed.',
  controls: controls({
    'nist-800-53': ['SC-28', 'SC-28(1)', 'SC-12'],
    hitrust: ['06.d'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.1'],
  }),
  resource: aws.ecr.Repository,
  validate(props, _args, report) {
    const types = many(props.encryptionConfigurations).map((configuration) => record(configuration)?.encryptionType);
    if (types.some((type) => type === 'KMS' || type === 'KMS_DSSE' || isSecret(type))) return;
    const actual = types.length === 0 ? 'unset (defaults to "AES256")' : types.map(shown).join(', ');
    report(`ECR repository does not encrypt images with KMS: encryptionType is ${actual}`);
  },
  examples: {
    pass: [
      {
        type: 'aws:ecr/repository:Repository',
        name: 'app',
        props: { name: 'app', encryptionConfigurations: [{ encryptionType: 'KMS', kmsKey: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' }] },
      },
    ],
    fail: [
      { type: 'aws:ecr/repository:Repository', name: 'app', props: { name: 'app' } },
      { type: 'aws:ecr/repository:Repository', name: 'worker', props: { name: 'worker', encryptionConfigurations: [{ encryptionType: 'AES256' }] } },
    ],
  },
});

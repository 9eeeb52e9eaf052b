/**
 * EKS clusters envelope-encrypt Kubernetes secrets with a KMS key. Encryption can be added to a
 * running cluster, but it needs a key whose policy lets the cluster role use it, so the fix is a
 * template (key + encryptionConfig) rather than a property edit.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { isSecret, items, present, record } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

export const awsEksClusterSecretsEncryption = resourceRule({
  id: 'aws-eks-cluster-secrets-encryption',
  title: 'EKS clusters encrypt Kubernetes secrets with a KMS key',
  severity: 'medium',
  rationale:
    'Kubernetes secrets hold database passwords, API tokens and TLS keys. Envelope encryption with a customer key means a copy of etcd or of its backups does not reveal them, and every decrypt is authorised by the key policy and logged.',
  remediation:
    'Create an aws.kms.Key (symmetric, rotation on) that the cluster role may use, and set encryptionConfig to { resources: ["secrets"], provider: { keyArn } } (applied in place; it cannot be removed later).',
  controls: controls({
    'nist-800-53': ['SC-28', 'SC-28(1)', 'SC-12'],
    hitrust: ['06.d'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.1'],
  }),
  resource: aws.eks.Cluster,
  template: 'eks-secrets-kms-key',
  validate(props, _args, report) {
    const config = record(props.encryptionConfig);
    const resources = items(config?.resources);
    const keyArn = record(config?.provider)?.keyArn;
    if (resources.some((resource) => resource === 'secrets' || isSecret(resource)) && present(keyArn)) return;
    report(
      config === undefined
        ? 'EKS cluster does not encrypt Kubernetes secrets: encryptionConfig is unset'
        : 'EKS cluster does not encrypt Kubernetes secrets: encryptionConfig does not cover "secrets" with a provider keyArn',
    );
  },
  examples: {
    pass: [
      {
        type: 'aws:eks/cluster:Cluster',
        name: 'prod',
        props: {
          roleArn: 'arn:aws:iam::111122223333:role/eks',
          vpcConfig: { subnetIds: ['subnet-a', 'subnet-b'] },
          encryptionConfig: { resources: ['secrets'], provider: { keyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' } },
        },
      },
    ],
    fail: [{ type: 'aws:eks/cluster:Cluster', name: 'prod', props: { roleArn: 'arn:aws:iam::111122223333:role/eks', vpcConfig: { subnetIds: ['subnet-a', 'subnet-b'] } } }],
  },
});

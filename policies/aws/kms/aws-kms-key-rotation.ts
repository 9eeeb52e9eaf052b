/**
 * Customer-managed symmetric KMS keys rotate their key material automatically. Asymmetric and
 * HMAC keys cannot rotate automatically, and keys in custom key stores (CloudHSM, external) are
 * rotated by their store, so those are out of scope.
 */
import * as aws from '@pulumi/aws';
import { controls } from '../../lib/controls.ts';
import { flag, isSecret, present, shown, text } from '../../lib/values.ts';
import { resourceRule } from '../../rule.ts';

function rotatable(props: { customerMasterKeySpec?: unknown; keyUsage?: unknown; customKeyStoreId?: unknown; xksKeyId?: unknown }): boolean {
  const spec = text(props.customerMasterKeySpec) ?? 'SYMMETRIC_DEFAULT';
  const usage = text(props.keyUsage) ?? 'ENCRYPT_DECRYPT';
  return spec === 'SYMMETRIC_DEFAULT' && usage === 'ENCRYPT_DECRYPT' && !present(props.customKeyStoreId) && !present(props.xksKeyId);
}

export const awsKmsKeyRotation = resourceRule({
  id: 'aws-kms-key-rotation',
  title: 'KMS symmetric keys have automatic rotation enabled',
  severity: 'medium',
  rationale:
    'Rotation bounds the cryptoperiod of key material: data encrypted after a rotation is safe from a copy of older material, and the standards expect keys to change on a defined schedule. KMS keeps old material for decryption, so rotation breaks nothing.',
  remediation: 'Set enableKeyRotation to true on the aws.kms.Key (optionally rotationPeriodInDays, 90-2560; default 365).',
  controls: controls({
    'cis-aws': ['3.6'],
    'nist-800-53': ['SC-12'],
    'pci-dss': ['3.7.4'],
    hitrust: ['10.g'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.1'],
  }),
  resource: aws.kms.Key,
  validate(props, _args, report) {
    if (!rotatable(props) || flag(props.enableKeyRotation) === true || isSecret(props.enableKeyRotation)) return;
    report(`KMS key does not rotate automatically: enableKeyRotation is ${shown(props.enableKeyRotation)}`);
  },
  remediate(props) {
    return { ...props, enableKeyRotation: true };
  },
  examples: {
    pass: [
      { type: 'aws:kms/key:Key', name: 'data', props: { description: 'data key', enableKeyRotation: true } },
      { type: 'aws:kms/key:Key', name: 'signing', props: { customerMasterKeySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY' } },
    ],
    fail: [{ type: 'aws:kms/key:Key', name: 'data', props: { description: 'data key', deletionWindowInDays: 30 } }],
  },
});

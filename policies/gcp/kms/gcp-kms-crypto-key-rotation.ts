/**
 * Symmetric Cloud KMS keys rotate automatically at least every 90 days. Asymmetric and MAC keys
 * cannot rotate automatically and are left alone.
 */
import { controls } from '../../lib/controls.ts';
import { isSecret, shown, text } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

interface CryptoKeyProps {
  keyRing: string;
  purpose: string;
  rotationPeriod: string;
  versionTemplate: { algorithm?: string; protectionLevel?: string };
}

const TYPE = 'gcp:kms/cryptoKey:CryptoKey';
const MAX_SECONDS = 90 * 24 * 60 * 60;

/** Seconds in a duration written as Cloud KMS takes it (`7776000s`, fractions allowed). */
function seconds(duration: unknown): number | undefined {
  const match = /^(\d+(?:\.\d+)?)s$/.exec(text(duration)?.trim() ?? '');
  return match ? Number(match[1]) : undefined;
}

function rotationGap(props: Partial<CryptoKeyProps>): string | undefined {
  const purpose = props.purpose;
  if (isSecret(purpose) || (text(purpose) ?? 'ENCRYPT_DECRYPT') !== 'ENCRYPT_DECRYPT') return undefined;
  if (isSecret(props.rotationPeriod)) return undefined;
  const period = seconds(props.rotationPeriod);
  if (period !== undefined && period <= MAX_SECONDS) return undefined;
  return period === undefined ? `rotationPeriod is ${shown(props.rotationPeriod)}` : `rotationPeriod is ${Math.round(period / 86400)} days`;
}

export const gcpKmsCryptoKeyRotation = tokenRule<CryptoKeyProps>({
  id: 'gcp-kms-crypto-key-rotation',
  title: 'Cloud KMS symmetric keys rotate at least every 90 days',
  severity: 'medium',
  rationale:
    'Regular rotation limits how much data one key version protects and how long a compromised version stays useful. Without a rotation period, a key version lives until someone remembers to rotate it by hand.',
  remediation: 'Set rotationPeriod to "7776000s" (90 days) or shorter; old versions stay available for decryption.',
  controls: controls({
    'nist-800-53': ['SC-12'],
    'pci-dss': ['3.7.4'],
    hitrust: ['10.g'],
    'iso-27001': ['A.8.24'],
    soc2: ['CC6.1'],
  }),
  resourceType: TYPE,
  validate(props, _args, report) {
    const gap = rotationGap(props);
    if (gap) report(`KMS key does not rotate within 90 days: ${gap}`);
  },
  remediate(props) {
    return rotationGap(props) ? { ...props, rotationPeriod: `${MAX_SECONDS}s` } : undefined;
  },
  examples: {
    pass: [
      { type: TYPE, name: 'data', props: { keyRing: 'projects/acme/locations/europe/keyRings/main', rotationPeriod: '2592000s' } },
      { type: TYPE, name: 'signing', props: { keyRing: 'projects/acme/locations/europe/keyRings/main', purpose: 'ASYMMETRIC_SIGN' } },
    ],
    fail: [
      { type: TYPE, name: 'data', props: { keyRing: 'projects/acme/locations/europe/keyRings/main' } },
      { type: TYPE, name: 'archive', props: { keyRing: 'projects/acme/locations/europe/keyRings/main', purpose: 'ENCRYPT_DECRYPT', rotationPeriod: '31536000s' } },
    ],
  },
});

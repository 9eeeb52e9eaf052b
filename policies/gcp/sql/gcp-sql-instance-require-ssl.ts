/**
 * Cloud SQL instances accept only encrypted connections. sslMode (provider v6+) wins over the
 * older requireSsl flag; the fix sets sslMode ENCRYPTED_ONLY and drops requireSsl, which newer
 * providers no longer accept and older ones must not contradict.
 */
import { controls } from '../../lib/controls.ts';
import { DATABASE_INSTANCE, ipConfiguration, withIpConfiguration, type DatabaseInstanceProps } from '../../lib/gcp-sql.ts';
import { dig } from '../../lib/k8s-workload.ts';
import { flag, isSecret, shown, text } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

const ENCRYPTED = new Set(['ENCRYPTED_ONLY', 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED']);

function unencryptedAllowed(props: Record<string, unknown>): string | undefined {
  const ip = ipConfiguration(props);
  const sslMode = dig(ip, 'sslMode');
  const requireSsl = dig(ip, 'requireSsl');
  if (isSecret(ip) || isSecret(sslMode)) return undefined;
  const mode = text(sslMode);
  if (mode !== undefined) return ENCRYPTED.has(mode) ? undefined : `settings.ipConfiguration.sslMode is "${mode}"`;
  if (isSecret(requireSsl) || flag(requireSsl) === true) return undefined;
  return `settings.ipConfiguration.sslMode is unset and requireSsl is ${shown(requireSsl)}`;
}

export const gcpSqlInstanceRequireSsl = tokenRule<DatabaseInstanceProps>({
  id: 'gcp-sql-instance-require-ssl',
  title: 'Cloud SQL instances accept only SSL/TLS connections',
  severity: 'high',
  rationale:
    'An instance that accepts unencrypted connections lets any client (or a misconfigured one) send credentials and query results in clear text across networks the database owner does not control.',
  remediation: 'Set settings.ipConfiguration.sslMode to ENCRYPTED_ONLY (or TRUSTED_CLIENT_CERTIFICATE_REQUIRED for client certificates); clients using the Cloud SQL Auth Proxy or connectors are unaffected.',
  controls: controls({
    'nist-800-53': ['SC-8', 'SC-8(1)'],
    'pci-dss': ['4.2.1'],
    hitrust: ['10.f'],
    'iso-27001': ['A.8.24', 'A.5.14'],
    soc2: ['CC6.7'],
  }),
  resourceType: DATABASE_INSTANCE,
  validate(props, _args, report) {
    const why = unencryptedAllowed(props);
    if (why) report(`Cloud SQL instance accepts unencrypted connections: ${why}`);
  },
  remediate(props) {
    if (!unencryptedAllowed(props)) return undefined;
    return withIpConfiguration(props, { sslMode: 'ENCRYPTED_ONLY', requireSsl: undefined });
  },
  examples: {
    pass: [
      { type: DATABASE_INSTANCE, name: 'orders', props: { databaseVersion: 'POSTGRES_16', settings: { tier: 'db-custom-2-7680', ipConfiguration: { sslMode: 'ENCRYPTED_ONLY' } } } },
      { type: DATABASE_INSTANCE, name: 'legacy', props: { databaseVersion: 'MYSQL_8_0', settings: { tier: 'db-n1-standard-1', ipConfiguration: { requireSsl: true } } } },
    ],
    fail: [
      { type: DATABASE_INSTANCE, name: 'orders', props: { databaseVersion: 'POSTGRES_16', settings: { tier: 'db-custom-2-7680' } } },
      {
        type: DATABASE_INSTANCE,
        name: 'reports',
        props: { databaseVersion: 'MYSQL_8_0', settings: { tier: 'db-n1-standard-1', ipConfiguration: { requireSsl: false, sslMode: 'ALLOW_UNENCRYPTED_AND_ENCRYPTED' } } },
      },
    ],
  },
});

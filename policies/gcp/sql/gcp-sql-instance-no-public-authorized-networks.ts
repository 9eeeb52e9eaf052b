/**
 * No Cloud SQL authorized network is 0.0.0.0/0. The fix removes world entries and keeps the
 * others: clients that relied on them connect through the Auth Proxy or a named network instead.
 */
import { isWorld } from '../../lib/admin-port.ts';
import { controls } from '../../lib/controls.ts';
import { DATABASE_INSTANCE, ipConfiguration, withIpConfiguration, type DatabaseInstanceProps } from '../../lib/gcp-sql.ts';
import { dig } from '../../lib/k8s-workload.ts';
import { items, record, text } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

function worldNetworks(props: Record<string, unknown>): Record<string, unknown>[] {
  return items(dig(ipConfiguration(props), 'authorizedNetworks')).flatMap((entry) => {
    const network = record(entry);
    return network && isWorld(network.value) ? [network] : [];
  });
}

export const gcpSqlInstanceNoPublicAuthorizedNetworks = tokenRule<DatabaseInstanceProps>({
  id: 'gcp-sql-instance-no-public-authorized-networks',
  title: 'Cloud SQL instances do not authorize 0.0.0.0/0',
  severity: 'critical',
  rationale:
    'An authorized network of 0.0.0.0/0 opens the database listener on its public IP to the whole internet: credential stuffing and engine exploits need nothing more than the address.',
  remediation: 'Remove 0.0.0.0/0 from settings.ipConfiguration.authorizedNetworks; connect through the Cloud SQL Auth Proxy, private IP, or named client networks.',
  controls: controls({
    'nist-800-53': ['AC-3', 'SC-7'],
    'pci-dss': ['1.4.4'],
    hitrust: ['01.n', '01.v'],
    'iso-27001': ['A.8.3', 'A.8.20'],
    soc2: ['CC6.1', 'CC6.6'],
  }),
  resourceType: DATABASE_INSTANCE,
  validate(props, _args, report) {
    const open = worldNetworks(props);
    if (open.length === 0) return;
    const names = open.map((network) => `${text(network.name) ?? 'unnamed'} (${text(network.value)})`).join(', ');
    report(`Cloud SQL instance accepts connections from any address: authorized networks ${names}`);
  },
  remediate(props) {
    if (worldNetworks(props).length === 0) return undefined;
    const kept = items(dig(ipConfiguration(props), 'authorizedNetworks')).filter((entry) => !isWorld(record(entry)?.value));
    return withIpConfiguration(props, { authorizedNetworks: kept.length > 0 ? kept : undefined });
  },
  examples: {
    pass: [
      {
        type: DATABASE_INSTANCE,
        name: 'orders',
        props: { databaseVersion: 'POSTGRES_16', settings: { tier: 'db-custom-2-7680', ipConfiguration: { authorizedNetworks: [{ name: 'office', value: '203.0.113.0/24' }] } } },
      },
    ],
    fail: [
      {
        type: DATABASE_INSTANCE,
        name: 'orders',
        props: {
          databaseVersion: 'POSTGRES_16',
          settings: {
            tier: 'db-custom-2-7680',
            ipConfiguration: {
              sslMode: 'ENCRYPTED_ONLY',
              authorizedNetworks: [
                { name: 'office', value: '203.0.113.0/24' },
                { name: 'anywhere', value: '0.0.0.0/0' },
              ],
            },
          },
        },
      },
    ],
  },
});

/**
 * Cloud SQL instances have no public IPv4 address. The property fix (ipv4Enabled false) is offered
 * only when the instance already has a private network; otherwise turning the public IP off would
 * leave it unreachable, and attaching a VPC is a networking decision.
 */
import { controls } from '../../lib/controls.ts';
import { DATABASE_INSTANCE, ipConfiguration, withIpConfiguration, type DatabaseInstanceProps } from '../../lib/gcp-sql.ts';
import { dig } from '../../lib/k8s-workload.ts';
import { flag, isSecret, present, shown } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

export const gcpSqlInstanceNoPublicIp = tokenRule<DatabaseInstanceProps>({
  id: 'gcp-sql-instance-no-public-ip',
  title: 'Cloud SQL instances do not have a public IP address',
  severity: 'medium',
  rationale:
    'A public IP puts the database on the internet, protected only by authorized networks and credentials. Private IP keeps it inside the VPC, where firewall rules and VPC Service Controls also apply.',
  remediation: 'Attach the instance to a VPC (settings.ipConfiguration.privateNetwork) and set ipv4Enabled to false; clients outside the VPC use the Cloud SQL Auth Proxy through a connected network.',
  controls: controls({
    'nist-800-53': ['AC-3', 'SC-7'],
    'pci-dss': ['1.4.4'],
    hitrust: ['01.n', '01.v'],
    'iso-27001': ['A.8.3', 'A.8.20'],
    soc2: ['CC6.1', 'CC6.6'],
  }),
  resourceType: DATABASE_INSTANCE,
  validate(props, _args, report) {
    const enabled = dig(ipConfiguration(props), 'ipv4Enabled');
    if (isSecret(enabled) || flag(enabled) === false) return;
    report(`Cloud SQL instance has a public IPv4 address: settings.ipConfiguration.ipv4Enabled is ${shown(enabled)}${enabled === undefined ? ' (defaults to true)' : ''}`);
  },
  remediate(props) {
    const enabled = dig(ipConfiguration(props), 'ipv4Enabled');
    if (isSecret(enabled) || flag(enabled) === false) return undefined;
    if (!present(dig(ipConfiguration(props), 'privateNetwork'))) return undefined;
    return withIpConfiguration(props, { ipv4Enabled: false });
  },
  examples: {
    pass: [
      {
        type: DATABASE_INSTANCE,
        name: 'orders',
        props: { databaseVersion: 'POSTGRES_16', settings: { tier: 'db-custom-2-7680', ipConfiguration: { ipv4Enabled: false, privateNetwork: 'projects/acme/global/networks/main' } } },
      },
    ],
    fail: [
      {
        type: DATABASE_INSTANCE,
        name: 'orders',
        props: { databaseVersion: 'POSTGRES_16', settings: { tier: 'db-custom-2-7680', ipConfiguration: { ipv4Enabled: true, privateNetwork: 'projects/acme/global/networks/main' } } },
      },
      // Detected, but there is no private network to fall back on: no property fix.
      { type: DATABASE_INSTANCE, name: 'reports', props: { databaseVersion: 'MYSQL_8_0', settings: { tier: 'db-n1-standard-1' } } },
    ],
  },
});

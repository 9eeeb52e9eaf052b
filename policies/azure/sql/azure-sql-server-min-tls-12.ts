/** Azure SQL logical servers refuse TLS versions older than 1.2. */
import { SQL_SERVER, type SqlServerProps } from '../../lib/azure-sql.ts';
import { minimumTlsRule } from '../../lib/azure-tls.ts';
import { controls } from '../../lib/controls.ts';

export const azureSqlServerMinTls12 = minimumTlsRule<SqlServerProps>({
  id: 'azure-sql-server-min-tls-12',
  title: 'Azure SQL servers require TLS 1.2 or later',
  severity: 'medium',
  rationale:
    'Unless minimalTlsVersion is set, the server accepts TLS 1.0 and 1.1 (deprecated by RFC 8996), letting an attacker on the path push a client onto a protocol with known weaknesses.',
  remediation: 'Set minimalTlsVersion to "1.2" (check the server\'s connection telemetry for clients still on older TLS first).',
  controls: controls({
    'nist-800-53': ['SC-8', 'SC-8(1)', 'SC-13'],
    'pci-dss': ['4.2.1'],
    hitrust: ['10.f'],
    'iso-27001': ['A.8.24', 'A.5.14'],
    soc2: ['CC6.7'],
  }),
  resourceType: SQL_SERVER,
  property: 'minimalTlsVersion',
  modern: ['1.2', '1.3'],
  fix: '1.2',
  subject: 'Azure SQL server',
  examples: {
    pass: [{ type: SQL_SERVER, name: 'orders', props: { resourceGroupName: 'shop', administratorLogin: 'dbadmin', minimalTlsVersion: '1.2' } }],
    fail: [
      { type: SQL_SERVER, name: 'orders', props: { resourceGroupName: 'shop', administratorLogin: 'dbadmin' } },
      { type: SQL_SERVER, name: 'legacy', props: { resourceGroupName: 'shop', administratorLogin: 'dbadmin', minimalTlsVersion: '1.0' } },
    ],
  },
});

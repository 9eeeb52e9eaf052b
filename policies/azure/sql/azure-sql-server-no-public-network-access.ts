/**
 * Azure SQL logical servers disable public network access (unset means Enabled). The fix turns it
 * off: clients then need a private endpoint, which the PR reviewer should confirm exists.
 */
import { SQL_SERVER, type SqlServerProps } from '../../lib/azure-sql.ts';
import { controls } from '../../lib/controls.ts';
import { isSecret, shown, text } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

const CLOSED = new Set(['Disabled', 'SecuredByPerimeter']);

function publicAccess(props: Partial<SqlServerProps>): boolean {
  return !isSecret(props.publicNetworkAccess) && !CLOSED.has(text(props.publicNetworkAccess) ?? 'Enabled');
}

export const azureSqlServerNoPublicNetworkAccess = tokenRule<SqlServerProps>({
  id: 'azure-sql-server-no-public-network-access',
  title: 'Azure SQL servers disable public network access',
  severity: 'high',
  rationale:
    'With public network access the server\'s endpoint is on the internet, guarded only by server firewall rules, which commonly include "Allow Azure services" (every Azure tenant) or broad ranges; private endpoints keep it inside the virtual network.',
  remediation: 'Set publicNetworkAccess to "Disabled" and connect through a private endpoint.',
  controls: controls({
    'nist-800-53': ['AC-3', 'SC-7'],
    'pci-dss': ['1.4.4'],
    hitrust: ['01.n', '01.v'],
    'iso-27001': ['A.8.3', 'A.8.20'],
    soc2: ['CC6.1', 'CC6.6'],
  }),
  resourceType: SQL_SERVER,
  validate(props, _args, report) {
    if (publicAccess(props)) report(`Azure SQL server is reachable from public networks: publicNetworkAccess is ${shown(props.publicNetworkAccess)}`);
  },
  remediate(props) {
    return publicAccess(props) ? { ...props, publicNetworkAccess: 'Disabled' } : undefined;
  },
  examples: {
    pass: [{ type: SQL_SERVER, name: 'orders', props: { resourceGroupName: 'shop', administratorLogin: 'dbadmin', publicNetworkAccess: 'Disabled' } }],
    fail: [
      { type: SQL_SERVER, name: 'orders', props: { resourceGroupName: 'shop', administratorLogin: 'dbadmin' } },
      { type: SQL_SERVER, name: 'reports', props: { resourceGroupName: 'shop', administratorLogin: 'dbadmin', publicNetworkAccess: 'Enabled' } },
    ],
  },
});

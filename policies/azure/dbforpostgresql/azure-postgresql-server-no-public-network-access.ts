/**
 * PostgreSQL flexible servers (`azure-native:dbforpostgresql:Server` since azure-native v2) are
 * not reachable from public networks: either VNet-integrated (network.delegatedSubnetResourceId)
 * or with network.publicNetworkAccess Disabled and private endpoints. The retired single-server
 * shape of azure-native v1 is not covered.
 */
import { controls } from '../../lib/controls.ts';
import { dig, setIn } from '../../lib/k8s-workload.ts';
import { isSecret, present, record, shown, text } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

interface FlexibleServerProps {
  serverName: string;
  resourceGroupName: string;
  version: string;
  sku: { name?: string; tier?: string };
  network: { publicNetworkAccess?: string; delegatedSubnetResourceId?: string; privateDnsZoneArmResourceId?: string };
}

const TYPE = 'azure-native:dbforpostgresql:Server';

function publicAccess(props: Record<string, unknown>): boolean {
  const network = dig(props, 'network');
  const access = dig(network, 'publicNetworkAccess');
  if (isSecret(network) || isSecret(access) || present(dig(network, 'delegatedSubnetResourceId'))) return false;
  return text(access) !== 'Disabled';
}

export const azurePostgresqlServerNoPublicNetworkAccess = tokenRule<FlexibleServerProps>({
  id: 'azure-postgresql-server-no-public-network-access',
  title: 'PostgreSQL flexible servers disable public network access',
  severity: 'high',
  rationale:
    'A flexible server with public access has an internet-resolvable endpoint guarded only by its firewall rules, which often include 0.0.0.0 ("allow Azure services", i.e. every Azure tenant) or broad ranges; VNet integration or private endpoints keep it off the internet.',
  remediation: 'Set network.publicNetworkAccess to "Disabled" and connect through a private endpoint (or create the server VNet-integrated with network.delegatedSubnetResourceId).',
  controls: controls({
    'nist-800-53': ['AC-3', 'SC-7'],
    'pci-dss': ['1.4.4'],
    hitrust: ['01.n', '01.v'],
    'iso-27001': ['A.8.3', 'A.8.20'],
    soc2: ['CC6.1', 'CC6.6'],
  }),
  resourceType: TYPE,
  validate(props, _args, report) {
    if (publicAccess(props)) report(`PostgreSQL server is reachable from public networks: network.publicNetworkAccess is ${shown(dig(props, 'network', 'publicNetworkAccess'))}`);
  },
  remediate(props) {
    if (!publicAccess(props)) return undefined;
    return setIn(props, ['network'], { ...(record(props.network) ?? {}), publicNetworkAccess: 'Disabled' });
  },
  examples: {
    pass: [
      { type: TYPE, name: 'orders', props: { resourceGroupName: 'shop', version: '16', network: { publicNetworkAccess: 'Disabled' } } },
      {
        type: TYPE,
        name: 'reports',
        props: {
          resourceGroupName: 'shop',
          version: '16',
          network: { delegatedSubnetResourceId: '/subscriptions/0000/resourceGroups/shop/providers/Microsoft.Network/virtualNetworks/main/subnets/db' },
        },
      },
    ],
    fail: [
      { type: TYPE, name: 'orders', props: { resourceGroupName: 'shop', version: '16', sku: { name: 'Standard_D2ds_v5', tier: 'GeneralPurpose' } } },
      { type: TYPE, name: 'reports', props: { resourceGroupName: 'shop', version: '15', network: { publicNetworkAccess: 'Enabled' } } },
    ],
  },
});

/**
 * AKS API servers are private or limited to authorized IP ranges. The fix sets the authorized
 * ranges to the administrators' network (config `adminCidr`), keeping any non-world ranges: a
 * private cluster cannot be turned on in place, authorized ranges can.
 */
import { adminCidr, adminCidrConfig, isWorld } from '../../lib/admin-port.ts';
import { MANAGED_CLUSTER, type ManagedClusterProps } from '../../lib/azure-aks.ts';
import { controls } from '../../lib/controls.ts';
import { dig, setIn } from '../../lib/k8s-workload.ts';
import { flag, isSecret, items, record } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

function exposure(props: Record<string, unknown>): string | undefined {
  const profile = dig(props, 'apiServerAccessProfile');
  const privateCluster = dig(profile, 'enablePrivateCluster');
  const ranges = dig(profile, 'authorizedIPRanges');
  if (isSecret(profile) || isSecret(privateCluster) || isSecret(ranges) || flag(privateCluster) === true) return undefined;
  const list = items(ranges);
  if (list.some(isSecret)) return undefined;
  if (list.length === 0) return 'not private and no authorizedIPRanges';
  const world = list.filter(isWorld);
  return world.length > 0 ? `authorizedIPRanges includes ${world.join(', ')}` : undefined;
}

export const azureAksApiServerRestricted = tokenRule<ManagedClusterProps>({
  id: 'azure-aks-api-server-restricted',
  title: 'AKS API servers are private or restricted to authorized IP ranges',
  severity: 'high',
  rationale:
    'A public API server with no authorized ranges accepts connections from the whole internet: every leaked kubeconfig or token, and every API server vulnerability, is exploitable from anywhere.',
  remediation: 'Set apiServerAccessProfile.authorizedIPRanges to the administrators\' and CI networks (config `adminCidr`), or create the cluster private (enablePrivateCluster).',
  controls: controls({
    'nist-800-53': ['AC-17', 'SC-7'],
    'pci-dss': ['1.3.1', '1.4.2'],
    hitrust: ['01.l', '01.n'],
    'iso-27001': ['A.8.20'],
    soc2: ['CC6.6'],
  }),
  configSchema: adminCidrConfig,
  resourceType: MANAGED_CLUSTER,
  validate(props, _args, report) {
    const why = exposure(props);
    if (why) report(`AKS API server is reachable from any address: ${why}`);
  },
  remediate(props, args) {
    const cidr = adminCidr(args);
    if (cidr === undefined || !exposure(props)) return undefined;
    const kept = items(dig(props, 'apiServerAccessProfile', 'authorizedIPRanges')).filter((range) => !isWorld(range));
    const profile = record(props.apiServerAccessProfile) ?? {};
    return setIn(props, ['apiServerAccessProfile'], { ...profile, authorizedIPRanges: kept.includes(cidr) ? kept : [...kept, cidr] });
  },
  examples: {
    pass: [
      { type: MANAGED_CLUSTER, name: 'prod', props: { resourceGroupName: 'shop', dnsPrefix: 'prod', apiServerAccessProfile: { enablePrivateCluster: true } } },
      { type: MANAGED_CLUSTER, name: 'dev', props: { resourceGroupName: 'shop', dnsPrefix: 'dev', apiServerAccessProfile: { authorizedIPRanges: ['203.0.113.0/24'] } } },
    ],
    fail: [
      { type: MANAGED_CLUSTER, name: 'prod', props: { resourceGroupName: 'shop', dnsPrefix: 'prod' } },
      { type: MANAGED_CLUSTER, name: 'dev', props: { resourceGroupName: 'shop', dnsPrefix: 'dev', apiServerAccessProfile: { authorizedIPRanges: ['0.0.0.0/0'] } } },
    ],
  },
});

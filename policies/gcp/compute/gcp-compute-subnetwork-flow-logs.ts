/** VPC subnets record flow logs. The fix turns them on with the provider's defaults and full metadata. */
import { controls } from '../../lib/controls.ts';
import { carriesVmTraffic, SUBNETWORK, type SubnetworkProps } from '../../lib/gcp-subnetwork.ts';
import { present } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

function unlogged(props: Record<string, unknown>): boolean {
  return carriesVmTraffic(props) && !present(props.logConfig);
}

export const gcpComputeSubnetworkFlowLogs = tokenRule<SubnetworkProps>({
  id: 'gcp-compute-subnetwork-flow-logs',
  title: 'VPC subnets have flow logs enabled',
  severity: 'medium',
  rationale:
    'Flow logs are the record of which addresses talked to which, on what ports: without them, spotting exfiltration or lateral movement and reconstructing an incident\'s network activity is guesswork.',
  remediation: 'Add logConfig (aggregationInterval INTERVAL_5_SEC, flowSampling 0.5 or higher, metadata INCLUDE_ALL_METADATA) to the subnetwork.',
  controls: controls({
    'nist-800-53': ['AU-12', 'SI-4'],
    'pci-dss': ['10.2.1'],
    hitrust: ['09.ab'],
    'iso-27001': ['A.8.15', 'A.8.16'],
    soc2: ['CC7.2'],
  }),
  resourceType: SUBNETWORK,
  validate(props, _args, report) {
    if (unlogged(props)) report('Subnetwork records no flow logs: logConfig is unset');
  },
  remediate(props) {
    if (!unlogged(props)) return undefined;
    return { ...props, logConfig: { aggregationInterval: 'INTERVAL_5_SEC', flowSampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' } };
  },
  examples: {
    pass: [
      {
        type: SUBNETWORK,
        name: 'app',
        props: { ipCidrRange: '10.10.0.0/20', network: 'main', region: 'europe-west1', logConfig: { aggregationInterval: 'INTERVAL_5_SEC', flowSampling: 1, metadata: 'INCLUDE_ALL_METADATA' } },
      },
      { type: SUBNETWORK, name: 'proxy-only', props: { ipCidrRange: '10.129.0.0/23', network: 'main', region: 'europe-west1', purpose: 'REGIONAL_MANAGED_PROXY', role: 'ACTIVE' } },
    ],
    fail: [{ type: SUBNETWORK, name: 'app', props: { ipCidrRange: '10.10.0.0/20', network: 'main', region: 'europe-west1' } }],
  },
});

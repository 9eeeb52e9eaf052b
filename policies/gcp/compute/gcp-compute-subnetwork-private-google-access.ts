/** VPC subnets enable Private Google Access, so VMs without external IPs still reach Google APIs. */
import { controls } from '../../lib/controls.ts';
import { carriesVmTraffic, SUBNETWORK, type SubnetworkProps } from '../../lib/gcp-subnetwork.ts';
import { flag, isSecret, shown } from '../../lib/values.ts';
import { tokenRule } from '../../rule.ts';

function withoutAccess(props: Partial<SubnetworkProps>): boolean {
  return carriesVmTraffic(props) && !isSecret(props.privateIpGoogleAccess) && flag(props.privateIpGoogleAccess) !== true;
}

export const gcpComputeSubnetworkPrivateGoogleAccess = tokenRule<SubnetworkProps>({
  id: 'gcp-compute-subnetwork-private-google-access',
  title: 'VPC subnets enable Private Google Access',
  severity: 'low',
  rationale:
    'Without Private Google Access, instances that need Cloud Storage, Artifact Registry or other Google APIs must get external IP addresses or a NAT path, which is the pressure that puts VMs on the internet. With it, API traffic stays on Google\'s network from internal addresses.',
  remediation: 'Set privateIpGoogleAccess to true on the subnetwork.',
  controls: controls({
    'nist-800-53': ['SC-7'],
    'iso-27001': ['A.8.20'],
    soc2: ['CC6.6'],
  }),
  resourceType: SUBNETWORK,
  validate(props, _args, report) {
    if (withoutAccess(props)) report(`Subnetwork has no Private Google Access: privateIpGoogleAccess is ${shown(props.privateIpGoogleAccess)}`);
  },
  remediate(props) {
    return withoutAccess(props) ? { ...props, privateIpGoogleAccess: true } : undefined;
  },
  examples: {
    pass: [{ type: SUBNETWORK, name: 'app', props: { ipCidrRange: '10.10.0.0/20', network: 'main', region: 'europe-west1', privateIpGoogleAccess: true } }],
    fail: [
      { type: SUBNETWORK, name: 'app', props: { ipCidrRange: '10.10.0.0/20', network: 'main', region: 'europe-west1' } },
      { type: SUBNETWORK, name: 'batch', props: { ipCidrRange: '10.20.0.0/20', network: 'main', region: 'europe-west1', privateIpGoogleAccess: false } },
    ],
  },
});

/** No VPC firewall rule lets the whole internet reach SSH. */
import { publicAdminPortRule } from '../../lib/admin-port-rules.ts';
import { SSH } from '../../lib/admin-port.ts';
import { controls } from '../../lib/controls.ts';

export const gcpComputeFirewallNoPublicSsh = publicAdminPortRule('gcp-firewall', SSH, {
  id: 'gcp-compute-firewall-no-public-ssh',
  title: 'VPC firewall rules do not allow SSH from 0.0.0.0/0',
  severity: 'high',
  rationale:
    'SSH reachable from any address is scanned and brute-forced within minutes of exposure; one weak credential or unpatched service then gives an attacker a foothold inside the VPC.',
  remediation:
    'Replace 0.0.0.0/0 in the rule\'s sourceRanges with the administrators\' network (config `adminCidr`), or remove the rule and connect through Identity-Aware Proxy TCP forwarding (35.235.240.0/20) or a bastion.',
  controls: controls({
    'nist-800-53': ['AC-17', 'SC-7', 'CM-7'],
    'pci-dss': ['1.3.1', '1.4.2'],
    hitrust: ['01.l', '01.n', '09.m'],
    'iso-27001': ['A.8.20'],
    soc2: ['CC6.1', 'CC6.6'],
  }),
  examples: {
    pass: [
      { type: 'gcp:compute/firewall:Firewall', name: 'allow-ssh-iap', props: { network: 'default', sourceRanges: ['35.235.240.0/20'], allows: [{ protocol: 'tcp', ports: ['22'] }] } },
      { type: 'gcp:compute/firewall:Firewall', name: 'allow-https', props: { network: 'default', sourceRanges: ['0.0.0.0/0'], allows: [{ protocol: 'tcp', ports: ['443'] }] } },
    ],
    fail: [
      { type: 'gcp:compute/firewall:Firewall', name: 'allow-ssh', props: { network: 'default', direction: 'INGRESS', sourceRanges: ['0.0.0.0/0'], allows: [{ protocol: 'tcp', ports: ['22'] }] } },
      // Detected, but the rule also opens other ports to the world: no deterministic fix.
      {
        type: 'gcp:compute/firewall:Firewall',
        name: 'allow-admin-range',
        props: { network: 'default', sourceRanges: ['0.0.0.0/0'], allows: [{ protocol: 'tcp', ports: ['20-4000'] }, { protocol: 'icmp' }] },
      },
    ],
  },
});

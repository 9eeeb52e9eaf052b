/** No standalone network security rule lets the internet reach SSH. */
import { publicAdminPortRule } from '../../lib/admin-port-rules.ts';
import { SSH } from '../../lib/admin-port.ts';
import { SECURITY_RULE } from '../../lib/azure-nsg.ts';
import { controls } from '../../lib/controls.ts';

export const azureNetworkSecurityRuleNoPublicSsh = publicAdminPortRule('azure-security-rule', SSH, {
  id: 'azure-network-security-rule-no-public-ssh',
  title: 'Network security rules do not allow SSH from the internet',
  severity: 'high',
  rationale:
    'SSH reachable from any address is scanned and brute-forced within minutes of exposure; one weak credential or unpatched service then gives an attacker a foothold inside the virtual network.',
  remediation:
    'Replace the "*", "Internet" or 0.0.0.0/0 source with the administrators\' network (config `adminCidr`), or remove the rule and use Azure Bastion or just-in-time VM access.',
  controls: controls({
    'nist-800-53': ['AC-17', 'SC-7', 'CM-7'],
    'pci-dss': ['1.3.1', '1.4.2'],
    hitrust: ['01.l', '01.n', '09.m'],
    'iso-27001': ['A.8.20'],
    soc2: ['CC6.1', 'CC6.6'],
  }),
  examples: {
    pass: [
      {
        type: SECURITY_RULE,
        name: 'admin',
        props: { networkSecurityGroupName: 'vm-nsg', resourceGroupName: 'shop', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: '10.0.0.0/8', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '22' },
      },
      {
        type: SECURITY_RULE,
        name: 'deny-admin',
        props: { networkSecurityGroupName: 'vm-nsg', resourceGroupName: 'shop', priority: 100, direction: 'Inbound', access: 'Deny', protocol: '*', sourceAddressPrefix: '*', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '22' },
      },
    ],
    fail: [
      {
        type: SECURITY_RULE,
        name: 'admin',
        props: { networkSecurityGroupName: 'vm-nsg', resourceGroupName: 'shop', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: 'Internet', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '22' },
      },
      // Detected, but the rule also opens other ports: no deterministic fix.
      {
        type: SECURITY_RULE,
        name: 'mgmt',
        props: {
          networkSecurityGroupName: 'vm-nsg',
          resourceGroupName: 'shop',
          priority: 110,
          direction: 'Inbound',
          access: 'Allow',
          protocol: 'Tcp',
          sourceAddressPrefixes: ['0.0.0.0/0'],
          sourcePortRange: '*',
          destinationAddressPrefix: '*',
          destinationPortRanges: ['22', '5985-5986'],
        },
      },
    ],
  },
});

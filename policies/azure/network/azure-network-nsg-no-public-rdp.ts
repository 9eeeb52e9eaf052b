/** No network security group lets the internet reach RDP through its inline rules. */
import { publicAdminPortRule } from '../../lib/admin-port-rules.ts';
import { RDP } from '../../lib/admin-port.ts';
import { NETWORK_SECURITY_GROUP } from '../../lib/azure-nsg.ts';
import { controls } from '../../lib/controls.ts';

export const azureNetworkNsgNoPublicRdp = publicAdminPortRule('azure-nsg', RDP, {
  id: 'azure-network-nsg-no-public-rdp',
  title: 'Network security groups do not allow RDP from the internet',
  severity: 'high',
  rationale:
    'RDP reachable from any address is scanned and brute-forced within minutes of exposure; one weak credential or unpatched service then gives an attacker a foothold inside the virtual network.',
  remediation:
    'Replace the "*", "Internet" or 0.0.0.0/0 source of the port-3389 rule with the administrators\' network (config `adminCidr`), or remove the rule and use Azure Bastion or just-in-time VM access.',
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
        type: NETWORK_SECURITY_GROUP,
        name: 'web-nsg',
        props: {
          resourceGroupName: 'shop',
          securityRules: [
            { name: 'https', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: 'Internet', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '443' },
            { name: 'admin', priority: 110, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: '10.0.0.0/8', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '3389' },
          ],
        },
      },
    ],
    fail: [
      {
        type: NETWORK_SECURITY_GROUP,
        name: 'vm-nsg',
        props: {
          resourceGroupName: 'shop',
          securityRules: [
            { name: 'admin', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: '*', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '3389' },
            { name: 'https', priority: 110, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: 'Internet', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '443' },
          ],
        },
      },
      // Detected, but the rule opens every port: no deterministic fix.
      {
        type: NETWORK_SECURITY_GROUP,
        name: 'open-nsg',
        props: {
          resourceGroupName: 'shop',
          securityRules: [
            { name: 'any', priority: 100, direction: 'Inbound', access: 'Allow', protocol: '*', sourceAddressPrefixes: ['0.0.0.0/0'], sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '*' },
          ],
        },
      },
    ],
  },
});

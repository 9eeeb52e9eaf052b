/** Azure security rules that open admin ports to the internet, inline or standalone. */
import { describe, expect, it } from 'vitest';
import { RDP, SSH } from './admin-port.ts';
import { groupExposures, restrictGroup, restrictRule, ruleExposure } from './azure-nsg.ts';

const inbound = { direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: 'Internet', destinationPortRange: '22' };

describe('security rule exposure', () => {
  it('treats *, Any, Internet and /0 prefixes as the internet, and * or ranges as covering the port', () => {
    for (const source of ['*', 'Any', 'Internet', '0.0.0.0/0', '::/0']) expect(ruleExposure({ ...inbound, sourceAddressPrefix: source }, SSH)).toBeDefined();
    expect(ruleExposure({ ...inbound, destinationPortRange: '*' }, SSH)).toBeDefined();
    expect(ruleExposure({ ...inbound, destinationPortRange: undefined, destinationPortRanges: ['80', '3380-3390'] }, RDP)).toBeDefined();
    expect(ruleExposure({ ...inbound, protocol: 'Udp', destinationPortRange: '3389' }, RDP)).toBeDefined();
  });

  it('ignores denies, outbound rules, other protocols and private sources', () => {
    expect(ruleExposure({ ...inbound, access: 'Deny' }, SSH)).toBeUndefined();
    expect(ruleExposure({ ...inbound, direction: 'Outbound' }, SSH)).toBeUndefined();
    expect(ruleExposure({ ...inbound, protocol: 'Udp' }, SSH)).toBeUndefined();
    expect(ruleExposure({ ...inbound, sourceAddressPrefix: 'VirtualNetwork' }, SSH)).toBeUndefined();
  });

  it('replaces the world source only on rules limited to the admin port', () => {
    expect(restrictRule({ ...inbound, sourceAddressPrefix: undefined, sourceAddressPrefixes: ['0.0.0.0/0', '203.0.113.0/24'] }, SSH, '10.0.0.0/8')).toMatchObject({
      sourceAddressPrefixes: ['203.0.113.0/24', '10.0.0.0/8'],
    });
    expect(restrictRule({ ...inbound, destinationPortRange: '0-65535' }, SSH, '10.0.0.0/8')).toBeUndefined();
    const group = { securityRules: [inbound, { ...inbound, destinationPortRange: '*', name: 'all' }] };
    expect(groupExposures(group, SSH)).toHaveLength(2);
    expect(restrictGroup(group, SSH, '10.0.0.0/8')).toBeUndefined();
  });
});

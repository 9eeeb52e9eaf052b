/** VPC firewall exposure of admin ports, and when the source can be narrowed without closing anything else. */
import { describe, expect, it } from 'vitest';
import { RDP, SSH } from './admin-port.ts';
import { firewallExposure, restrictFirewall } from './gcp-firewall.ts';

const world = { sourceRanges: ['0.0.0.0/0'] };

describe('firewall exposure', () => {
  it('counts ranges, all-port and all-protocol allows, and the implicit world source', () => {
    expect(firewallExposure({ ...world, allows: [{ protocol: 'tcp', ports: ['20-25'] }] }, SSH)).toContain('SSH (22)');
    expect(firewallExposure({ ...world, allows: [{ protocol: 'tcp' }] }, SSH)).toBeDefined();
    expect(firewallExposure({ ...world, allows: [{ protocol: 'all' }] }, RDP)).toBeDefined();
    expect(firewallExposure({ allows: [{ protocol: 'tcp', ports: ['22'] }] }, SSH)).toContain('no source');
    expect(firewallExposure({ ...world, allows: [{ protocol: 'udp', ports: ['3389'] }] }, RDP)).toBeDefined();
  });

  it('ignores egress, disabled rules, other ports, other protocols and tagged sources', () => {
    expect(firewallExposure({ ...world, direction: 'EGRESS', allows: [{ protocol: 'tcp', ports: ['22'] }] }, SSH)).toBeUndefined();
    expect(firewallExposure({ ...world, disabled: true, allows: [{ protocol: 'tcp', ports: ['22'] }] }, SSH)).toBeUndefined();
    expect(firewallExposure({ ...world, allows: [{ protocol: 'tcp', ports: ['443'] }] }, SSH)).toBeUndefined();
    expect(firewallExposure({ ...world, allows: [{ protocol: 'udp', ports: ['22'] }] }, SSH)).toBeUndefined();
    expect(firewallExposure({ sourceTags: ['bastion'], allows: [{ protocol: 'tcp', ports: ['22'] }] }, SSH)).toBeUndefined();
  });

  it('narrows only rules that open nothing but the admin port', () => {
    expect(restrictFirewall({ sourceRanges: ['0.0.0.0/0', '192.168.0.0/16'], allows: [{ protocol: 'tcp', ports: ['22'] }] }, SSH, '10.0.0.0/8')).toEqual({
      sourceRanges: ['192.168.0.0/16', '10.0.0.0/8'],
      allows: [{ protocol: 'tcp', ports: ['22'] }],
    });
    expect(restrictFirewall({ ...world, allows: [{ protocol: 'tcp', ports: ['22', '443'] }] }, SSH, '10.0.0.0/8')).toBeUndefined();
    expect(restrictFirewall({ ...world, allows: [{ protocol: 'tcp', ports: ['22'] }, { protocol: 'icmp' }] }, SSH, '10.0.0.0/8')).toBeUndefined();
  });
});

/**
 * Network ACL entries that allow remote administration from the whole internet (CIS AWS 5.1), for
 * standalone `aws.ec2.NetworkAclRule`s and for the inline `ingress` list of `aws.ec2.NetworkAcl`.
 * An entry is read as a security-group ingress rule so the port and CIDR logic of admin-port.ts
 * applies unchanged: the fix narrows the source of an entry that opens exactly one admin port,
 * and leaves broader entries (all traffic, wide port ranges) to a person.
 *
 * NACLs are evaluated in rule-number order, so a lower-numbered deny could shadow an allow; a
 * resource rule cannot see sibling entries, and an allow from the world is worth removing anyway.
 */
import { ingressRuleExposure, RDP, restrictIngressRule, SSH } from './admin-port.ts';
import { text } from './values.ts';

const ADMIN_PORTS = [SSH, RDP];

function asIngressRule(entry: Record<string, unknown>): Record<string, unknown> {
  return { ipProtocol: entry.protocol, fromPort: entry.fromPort, toPort: entry.toPort, cidrIpv4: entry.cidrBlock, cidrIpv6: entry.ipv6CidrBlock };
}

/** True for an entry that allows traffic (`ruleAction` on NetworkAclRule, `action` inline). */
export function allows(entry: Record<string, unknown>): boolean {
  return text(entry.ruleAction ?? entry.action)?.toLowerCase() === 'allow';
}

/** One message per admin port the (allow, ingress) entry opens to the world. */
export function naclEntryExposures(entry: Record<string, unknown>): string[] {
  const rule = asIngressRule(entry);
  return ADMIN_PORTS.flatMap((admin) => ingressRuleExposure(rule, admin) ?? []);
}

/** The entry with the admin CIDR in place of the world, or undefined when it is broader than one admin port. */
export function restrictNaclEntry(entry: Record<string, unknown>, cidr: string | undefined): Record<string, unknown> | undefined {
  const rule = asIngressRule(entry);
  const exposed = ADMIN_PORTS.filter((admin) => ingressRuleExposure(rule, admin) !== undefined);
  if (exposed.length !== 1) return undefined;
  const fixed = restrictIngressRule(rule, exposed[0], cidr);
  if (fixed === undefined) return undefined;
  const next = { ...entry };
  delete next.cidrBlock;
  delete next.ipv6CidrBlock;
  if (fixed.cidrIpv4 !== undefined) next.cidrBlock = fixed.cidrIpv4;
  if (fixed.cidrIpv6 !== undefined) next.ipv6CidrBlock = fixed.cidrIpv6;
  return next;
}

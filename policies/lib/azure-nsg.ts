/**
 * Remote administration ports open to the internet through Azure network security rules, inline
 * in a NetworkSecurityGroup's `securityRules` or as standalone `network.SecurityRule` resources
 * (same fields). A rule's source applies to all its destination ports, so the property fix (the
 * admin CIDR in place of the world source) is offered only for rules that open exactly the admin
 * port; a broader rule (`*`, `0-65535`, or a list with other ports) goes to a person.
 */
import { isWorld, type AdminPort } from './admin-port.ts';
import { count, isSecret, items, record, text } from './values.ts';

export const NETWORK_SECURITY_GROUP = 'azure-native:network:NetworkSecurityGroup';
export const SECURITY_RULE = 'azure-native:network:SecurityRule';

/** One security rule, inline in a NetworkSecurityGroup's `securityRules`. */
export interface SecurityRuleArgs {
  name?: string;
  protocol?: string;
  access?: string;
  direction?: string;
  priority?: number;
  sourceAddressPrefix?: string;
  sourceAddressPrefixes?: string[];
  sourcePortRange?: string;
  destinationAddressPrefix?: string;
  destinationPortRange?: string;
  destinationPortRanges?: string[];
}

/** azure-native `network.NetworkSecurityGroup` inputs. */
export interface NetworkSecurityGroupProps {
  networkSecurityGroupName: string;
  resourceGroupName: string;
  location: string;
  securityRules: SecurityRuleArgs[];
}

/** azure-native `network.SecurityRule` inputs (a standalone rule in a named group). */
export interface SecurityRuleProps {
  networkSecurityGroupName: string;
  resourceGroupName: string;
  securityRuleName: string;
  protocol: string;
  access: string;
  direction: string;
  priority: number;
  sourceAddressPrefix: string;
  sourceAddressPrefixes: string[];
  sourcePortRange: string;
  destinationAddressPrefix: string;
  destinationPortRange: string;
  destinationPortRanges: string[];
}

type Coverage = 'exact' | 'broad' | 'none';

/** Service tags and prefixes that mean "any address on the internet". */
const WORLD_PREFIXES = new Set(['*', 'any', 'internet', '0.0.0.0', '0.0.0.0/0', '::/0']);

export function isWorldPrefix(prefix: unknown): boolean {
  return typeof prefix === 'string' && (WORLD_PREFIXES.has(prefix.trim().toLowerCase()) || isWorld(prefix));
}

function portCoverage(spec: unknown, port: number): Coverage {
  const single = count(spec);
  if (single !== undefined) return single === port ? 'exact' : 'none';
  const value = text(spec)?.trim();
  if (value === '*') return 'broad';
  const match = /^(\d+)\s*-\s*(\d+)$/.exec(value ?? '');
  if (!match) return 'none';
  const from = Number(match[1]);
  const to = Number(match[2]);
  if (from > port || to < port) return 'none';
  return from === port && to === port ? 'exact' : 'broad';
}

function coverage(rule: Record<string, unknown>, admin: AdminPort): Coverage {
  if (text(rule.direction)?.toLowerCase() !== 'inbound' || text(rule.access)?.toLowerCase() !== 'allow') return 'none';
  const protocol = text(rule.protocol)?.toLowerCase();
  if (protocol === undefined || (protocol !== '*' && !(admin.protocols as readonly string[]).includes(protocol))) return 'none';
  if (isSecret(rule.destinationPortRange) || isSecret(rule.destinationPortRanges)) return 'none';
  const specs = [rule.destinationPortRange, ...items(rule.destinationPortRanges)].filter((spec) => spec !== undefined && spec !== null && spec !== '');
  const each = specs.map((spec) => portCoverage(spec, admin.port));
  if (each.length === 0 || each.every((c) => c === 'none')) return 'none';
  return each.every((c) => c === 'exact') ? 'exact' : 'broad';
}

function worldSources(rule: Record<string, unknown>): string[] {
  return [rule.sourceAddressPrefix, ...items(rule.sourceAddressPrefixes)].filter(isWorldPrefix) as string[];
}

/** What one security rule exposes, as a message fragment, or undefined. */
export function ruleExposure(rule: Record<string, unknown>, admin: AdminPort): string | undefined {
  if (coverage(rule, admin) === 'none') return undefined;
  const world = worldSources(rule);
  if (world.length === 0) return undefined;
  const ports = [rule.destinationPortRange, ...items(rule.destinationPortRanges)].filter((spec) => spec !== undefined && spec !== '').join(',');
  const name = text(rule.name);
  return `${admin.service} (${admin.port}) from ${world.map((w) => `"${w}"`).join(' and ')}${name ? ` through rule "${name}"` : ''} (ports ${ports})`;
}

/** The rule with its world sources replaced by the admin CIDR; undefined when it opens more than the admin port. */
export function restrictRule(rule: Record<string, unknown>, admin: AdminPort, cidr: string | undefined): Record<string, unknown> | undefined {
  if (cidr === undefined || coverage(rule, admin) !== 'exact' || worldSources(rule).length === 0) return undefined;
  const next = { ...rule };
  if (isWorldPrefix(next.sourceAddressPrefix)) next.sourceAddressPrefix = cidr;
  if (Array.isArray(next.sourceAddressPrefixes) && next.sourceAddressPrefixes.some(isWorldPrefix)) {
    const kept = next.sourceAddressPrefixes.filter((prefix: unknown) => !isWorldPrefix(prefix));
    next.sourceAddressPrefixes = kept.includes(cidr) || next.sourceAddressPrefix === cidr ? kept : [...kept, cidr];
  }
  return next;
}

/** Exposures of a NetworkSecurityGroup's inline rules. */
export function groupExposures(props: Record<string, unknown>, admin: AdminPort): string[] {
  return items(props.securityRules).flatMap((entry) => {
    const rule = record(entry);
    const exposure = rule ? ruleExposure(rule, admin) : undefined;
    return exposure ? [exposure] : [];
  });
}

/** The group with every exposing inline rule restricted; undefined when any of them is broader than the admin port. */
export function restrictGroup(props: Record<string, unknown>, admin: AdminPort, cidr: string | undefined): Record<string, unknown> | undefined {
  if (cidr === undefined || groupExposures(props, admin).length === 0) return undefined;
  let fixable = true;
  const securityRules = items(props.securityRules).map((entry) => {
    const rule = record(entry);
    if (!rule || !ruleExposure(rule, admin)) return entry;
    const fixed = restrictRule(rule, admin, cidr);
    if (!fixed) fixable = false;
    return fixed ?? entry;
  });
  return fixable ? { ...props, securityRules } : undefined;
}

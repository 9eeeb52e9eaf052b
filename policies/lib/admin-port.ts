/**
 * Remote administration ports open to the whole internet (CIS AWS 5.2 and 5.3), for inline
 * security-group ingress and for standalone `aws.vpc.SecurityGroupIngressRule`s.
 *
 * The property fix replaces the world CIDR with a configurable admin CIDR, and only on rules that
 * open exactly the admin port. A broader rule (all traffic, or `0-65535`) that happens to include
 * the port gets no deterministic fix: narrowing its source would also close whatever public
 * service the rule exists for, which is a decision for a person (or the LLM strategy).
 */
import type { PolicyConfigSchema, ResourceValidationArgs } from '@pulumi/policy';
import { count, items, record, text } from './values.ts';

export interface AdminPort {
  port: number;
  service: string;
  /** Transport protocols the service listens on (RDP also uses UDP). */
  protocols: readonly ('tcp' | 'udp')[];
}

export const SSH: AdminPort = { port: 22, service: 'SSH', protocols: ['tcp'] };
export const RDP: AdminPort = { port: 3389, service: 'RDP', protocols: ['tcp', 'udp'] };

const WORLD = new Set(['0.0.0.0/0', '::/0', '::0/0', '0::/0']);

export function isWorld(cidr: unknown): boolean {
  return typeof cidr === 'string' && WORLD.has(cidr.trim().toLowerCase());
}

export const DEFAULT_ADMIN_CIDR = '10.0.0.0/8';

export const adminCidrConfig: PolicyConfigSchema = {
  properties: {
    adminCidr: {
      type: 'string',
      default: DEFAULT_ADMIN_CIDR,
      description: 'CIDR that administrators connect from; the fix puts it in place of 0.0.0.0/0 or ::/0.',
    },
  },
};

/** The configured admin CIDR; undefined when it is itself a world CIDR (no fix can help then). */
export function adminCidr(args: ResourceValidationArgs): string | undefined {
  const configured = text(args.getConfig<{ adminCidr?: unknown }>().adminCidr) ?? DEFAULT_ADMIN_CIDR;
  return isWorld(configured) ? undefined : configured;
}

function protocolName(protocol: unknown): string {
  const name = String(protocol ?? '').trim().toLowerCase();
  if (name === '6') return 'tcp';
  if (name === '17') return 'udp';
  if (name === '-1') return 'all';
  return name;
}

type Coverage = 'exact' | 'broad' | 'none';

/** Whether a rule's protocol and port range reach the admin port, and whether it opens only that port. */
function coverage(protocol: unknown, fromPort: unknown, toPort: unknown, admin: AdminPort): Coverage {
  const name = protocolName(protocol);
  if (name === 'all') return 'broad';
  if (!(admin.protocols as readonly string[]).includes(name)) return 'none';
  const from = count(fromPort);
  const to = count(toPort);
  // A range we cannot read is not evidence of exposure.
  if (from === undefined || to === undefined || from > admin.port || to < admin.port) return 'none';
  return from === admin.port && to === admin.port ? 'exact' : 'broad';
}

function range(protocol: unknown, fromPort: unknown, toPort: unknown): string {
  const name = protocolName(protocol);
  return name === 'all' ? 'all traffic' : `${name} ${count(fromPort)}-${count(toPort)}`;
}

function describe(admin: AdminPort, cidrs: string[], how: Coverage, rangeText: string): string {
  const through = how === 'broad' ? ` through ingress ${rangeText}` : '';
  return `${admin.service} (${admin.port}) from ${cidrs.join(' and ')}${through}`;
}

/** One message per inline ingress rule that opens the admin port to the world. */
export function securityGroupExposures(props: Record<string, unknown>, admin: AdminPort): string[] {
  const exposures: string[] = [];
  for (const entry of items(props.ingress)) {
    const rule = record(entry);
    if (!rule) continue;
    const how = coverage(rule.protocol, rule.fromPort, rule.toPort, admin);
    if (how === 'none') continue;
    const cidrs = [...items(rule.cidrBlocks), ...items(rule.ipv6CidrBlocks)].filter(isWorld) as string[];
    if (cidrs.length === 0) continue;
    exposures.push(describe(admin, cidrs, how, range(rule.protocol, rule.fromPort, rule.toPort)));
  }
  return exposures;
}

function withList(target: Record<string, unknown>, key: string, list: unknown[]): void {
  // Dropping an emptied list keeps the declaration as small as the person would have written it.
  if (list.length === 0) delete target[key];
  else target[key] = list;
}

function restrictInlineRule(rule: Record<string, unknown>, cidr: string): Record<string, unknown> {
  const v4 = items(rule.cidrBlocks).filter((c) => !isWorld(c));
  const v6 = items(rule.ipv6CidrBlocks).filter((c) => !isWorld(c));
  const target = cidr.includes(':') ? v6 : v4;
  if (!target.includes(cidr)) target.push(cidr);
  const next = { ...rule };
  withList(next, 'cidrBlocks', v4);
  withList(next, 'ipv6CidrBlocks', v6);
  return next;
}

/** The security group with the world CIDR replaced on every exact admin-port rule; undefined if a broad rule exposes the port. */
export function restrictSecurityGroup(
  props: Record<string, unknown>,
  admin: AdminPort,
  cidr: string | undefined,
): Record<string, unknown> | undefined {
  if (cidr === undefined || !Array.isArray(props.ingress)) return undefined;
  let fixable = true;
  const ingress = props.ingress.map((entry) => {
    const rule = record(entry);
    if (!rule) return entry;
    const how = coverage(rule.protocol, rule.fromPort, rule.toPort, admin);
    const open = [...items(rule.cidrBlocks), ...items(rule.ipv6CidrBlocks)].some(isWorld);
    if (how === 'none' || !open) return entry;
    if (how === 'broad') fixable = false;
    return restrictInlineRule(rule, cidr);
  });
  return fixable ? { ...props, ingress } : undefined;
}

/** The exposure a standalone ingress rule creates, or undefined. */
export function ingressRuleExposure(props: Record<string, unknown>, admin: AdminPort): string | undefined {
  const how = coverage(props.ipProtocol, props.fromPort, props.toPort, admin);
  if (how === 'none') return undefined;
  const cidrs = [props.cidrIpv4, props.cidrIpv6].filter(isWorld) as string[];
  if (cidrs.length === 0) return undefined;
  return describe(admin, cidrs, how, range(props.ipProtocol, props.fromPort, props.toPort));
}

/** The ingress rule with its world CIDR replaced by the admin CIDR; undefined when the rule is broader than the port. */
export function restrictIngressRule(
  props: Record<string, unknown>,
  admin: AdminPort,
  cidr: string | undefined,
): Record<string, unknown> | undefined {
  if (cidr === undefined) return undefined;
  if (coverage(props.ipProtocol, props.fromPort, props.toPort, admin) !== 'exact') return undefined;
  const next = { ...props };
  // A rule names exactly one source, so the admin CIDR takes whichever family it belongs to.
  if (isWorld(next.cidrIpv4)) delete next.cidrIpv4;
  if (isWorld(next.cidrIpv6)) delete next.cidrIpv6;
  if (cidr.includes(':')) next.cidrIpv6 = cidr;
  else next.cidrIpv4 = cidr;
  return next;
}

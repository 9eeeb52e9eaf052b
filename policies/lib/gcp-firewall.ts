/**
 * Remote administration ports open to the internet through a VPC firewall rule
 * (`gcp:compute/firewall:Firewall`). A rule's sourceRanges apply to every `allows` entry, so the
 * property fix (the admin CIDR in place of 0.0.0.0/0) is offered only when every entry opens
 * exactly the admin port: narrowing a rule that also serves, say, 443 would close that service.
 */
import { isWorld, type AdminPort } from './admin-port.ts';
import { count, flag, isSecret, items, present, record, text } from './values.ts';

export const FIREWALL = 'gcp:compute/firewall:Firewall';

/** @pulumi/gcp `compute.Firewall` inputs. */
export interface FirewallProps {
  network: string;
  direction: string;
  disabled: boolean;
  sourceRanges: string[];
  sourceTags: string[];
  sourceServiceAccounts: string[];
  targetTags: string[];
  allows: { protocol: string; ports?: string[] }[];
  denies: { protocol: string; ports?: string[] }[];
}

type Coverage = 'exact' | 'broad' | 'none';

function protocolName(protocol: unknown): string {
  const name = String(protocol ?? '').trim().toLowerCase();
  if (name === '6') return 'tcp';
  if (name === '17') return 'udp';
  return name;
}

function portCoverage(spec: unknown, port: number): Coverage {
  const single = count(spec);
  if (single !== undefined) return single === port ? 'exact' : 'none';
  const match = /^(\d+)-(\d+)$/.exec(text(spec)?.trim() ?? '');
  if (!match) return 'none';
  const from = Number(match[1]);
  const to = Number(match[2]);
  if (from > port || to < port) return 'none';
  return from === port && to === port ? 'exact' : 'broad';
}

/** How one `allows` entry reaches the admin port: only it ('exact'), it among others ('broad'), or not at all. */
function allowCoverage(allow: Record<string, unknown>, admin: AdminPort): Coverage {
  const protocol = protocolName(allow.protocol);
  if (protocol === 'all') return 'broad';
  if (!(admin.protocols as readonly string[]).includes(protocol)) return 'none';
  if (isSecret(allow.ports)) return 'none';
  const ports = items(allow.ports);
  // No ports: every port of the protocol.
  if (ports.length === 0) return 'broad';
  const each = ports.map((spec) => portCoverage(spec, admin.port));
  if (each.every((c) => c === 'none')) return 'none';
  return each.every((c) => c === 'exact') ? 'exact' : 'broad';
}

/** The world sources of an enabled ingress rule: listed world CIDRs, or the implicit 0.0.0.0/0 of a rule with no source at all. */
function worldSources(props: Record<string, unknown>): string[] {
  const direction = text(props.direction)?.toUpperCase() ?? 'INGRESS';
  if (direction !== 'INGRESS' || flag(props.disabled) === true || isSecret(props.disabled)) return [];
  if (isSecret(props.sourceRanges)) return [];
  const ranges = items(props.sourceRanges);
  if (ranges.length === 0 && !present(props.sourceTags) && !present(props.sourceServiceAccounts)) return ['no source (0.0.0.0/0)'];
  return ranges.filter(isWorld) as string[];
}

/** What the firewall rule exposes, as a message fragment, or undefined. */
export function firewallExposure(props: Record<string, unknown>, admin: AdminPort): string | undefined {
  const world = worldSources(props);
  if (world.length === 0) return undefined;
  const reaching = items(props.allows).flatMap((entry) => {
    const allow = record(entry);
    return allow && allowCoverage(allow, admin) !== 'none' ? [allow] : [];
  });
  if (reaching.length === 0) return undefined;
  const how = reaching
    .map((allow) => `${protocolName(allow.protocol)}${items(allow.ports).length > 0 ? ` ${items(allow.ports).join(',')}` : ''}`)
    .join('; ');
  return `${admin.service} (${admin.port}) from ${world.join(' and ')} through allow ${how}`;
}

/** The rule with the admin CIDR in place of its world sources; undefined when any allow entry is more than the admin port. */
export function restrictFirewall(props: Record<string, unknown>, admin: AdminPort, cidr: string | undefined): Record<string, unknown> | undefined {
  if (cidr === undefined || worldSources(props).length === 0) return undefined;
  const allows = items(props.allows).map((entry) => record(entry));
  if (allows.length === 0 || allows.some((allow) => !allow || allowCoverage(allow, admin) !== 'exact')) return undefined;
  const kept = items(props.sourceRanges).filter((range) => !isWorld(range));
  return { ...props, sourceRanges: kept.includes(cidr) ? kept : [...kept, cidr] };
}

/**
 * Security groups, both styles: inline ingress/egress blocks, and v7's standalone
 * SecurityGroupIngressRule resources. Misconfigured means SSH/RDP (or everything) open to the
 * internet.
 */
import { autoName, made, tagsFor, urnOf, type GeneratedResource, type StackContext, type UnitKind } from '../model.ts';

export const SECURITY_GROUP = 'aws:ec2/securityGroup:SecurityGroup';
export const INGRESS_RULE = 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule';

const PURPOSES = ['web', 'api', 'worker', 'bastion', 'cache', 'db', 'lb', 'jump', 'batch', 'admin'];

interface InlineRule {
  protocol: string;
  fromPort: number;
  toPort: number;
  cidrBlocks?: string[];
  ipv6CidrBlocks?: string[];
  securityGroups?: string[];
  description: string;
}

const WORLD_OPEN: ReadonlyArray<InlineRule> = [
  { protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'], description: 'ssh' },
  { protocol: 'tcp', fromPort: 3389, toPort: 3389, cidrBlocks: ['0.0.0.0/0'], description: 'rdp' },
  { protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'], description: 'temporary: allow all' },
  { protocol: 'tcp', fromPort: 22, toPort: 22, ipv6CidrBlocks: ['::/0'], description: 'ssh v6' },
  { protocol: 'tcp', fromPort: 0, toPort: 65535, cidrBlocks: ['0.0.0.0/0'], description: 'debug' },
];

/** The provider reports every field of an inline rule, empty or not. */
function normalized(rule: InlineRule): Record<string, unknown> {
  return {
    cidrBlocks: rule.cidrBlocks ?? [],
    description: rule.description,
    fromPort: rule.fromPort,
    ipv6CidrBlocks: rule.ipv6CidrBlocks ?? [],
    prefixListIds: [],
    protocol: rule.protocol,
    securityGroups: rule.securityGroups ?? [],
    self: false,
    toPort: rule.toPort,
  };
}

function sgId(ctx: StackContext): string {
  return `sg-${ctx.rng.hex(17)}`;
}

function securityGroup(ctx: StackContext, name: string, ingress: InlineRule[] | undefined, violate: boolean): GeneratedResource {
  const { region, account } = ctx;
  const id = sgId(ctx);
  const physical = autoName(ctx, name);
  const egress: InlineRule[] = [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'], description: 'https out' }];
  const inputs: Record<string, unknown> = {
    __defaults: ['name'],
    description: `${name} (managed by Pulumi)`,
    name: physical,
    revokeRulesOnDelete: false,
    tags: tagsFor(ctx),
    vpcId: ctx.shared.vpcId,
  };
  if (ingress) {
    inputs.ingress = ingress;
    inputs.egress = egress;
  }
  return made(
    SECURITY_GROUP,
    name,
    id,
    inputs,
    {
      arn: `arn:aws:ec2:${region}:${account}:security-group/${id}`,
      egress: ingress ? egress.map(normalized) : [],
      ingress: ingress ? ingress.map(normalized) : [],
      namePrefix: '',
      ownerId: account,
      region,
    },
    violate,
  );
}

/** A group with inline rules: a private port from the VPC, maybe a world-open one. */
export const securityGroupInline: UnitKind = {
  id: 'security-group',
  weight: 8,
  goodSize: 1,
  badSize: 1,
  badViolating: 1,
  maxSize: 1,
  build(ctx, { service, n, violate }) {
    const { rng } = ctx;
    const name = `${service}-${rng.pick(PURPOSES)}-sg-${n}`;
    const port = rng.pick([443, 8080, 8443, 5432, 6379, 3306]);
    const ingress: InlineRule[] = [{ protocol: 'tcp', fromPort: port, toPort: port, cidrBlocks: ['10.0.0.0/8'], description: 'from the vpc' }];
    if (violate) ingress.push(rng.pick(WORLD_OPEN));
    else if (rng.chance(0.3)) ingress.push({ protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['10.20.0.0/16'], description: 'ssh from vpn' });
    return [securityGroup(ctx, name, ingress, violate)];
  },
};

/** A group managed with standalone ingress rules (the v7 recommendation): group + 2 rules. */
export const securityGroupWithRules: UnitKind = {
  id: 'security-group-rules',
  weight: 3,
  goodSize: 3,
  badSize: 3,
  badViolating: 1,
  maxSize: 3,
  build(ctx, { service, n, violate }) {
    const { rng, region, account } = ctx;
    const name = `${service}-${rng.pick(PURPOSES)}-${n}`;
    const group = securityGroup(ctx, `${name}-sg`, undefined, false);
    const deps = { securityGroupId: [urnOf(ctx, SECURITY_GROUP, group.name)] };
    const rule = (suffix: string, props: Record<string, unknown>, bad: boolean): GeneratedResource => {
      const ruleId = `sgr-${rng.hex(17)}`;
      const inputs = { ipProtocol: 'tcp', securityGroupId: group.id, tags: tagsFor(ctx), ...props };
      return made(
        INGRESS_RULE,
        `${name}-${suffix}`,
        ruleId,
        inputs,
        { arn: `arn:aws:ec2:${region}:${account}:security-group-rule/${ruleId}`, securityGroupRuleId: ruleId, region },
        bad,
        deps,
      );
    };
    const https = rule('https', { cidrIpv4: '10.0.0.0/8', fromPort: 443, toPort: 443, description: 'https from the vpc' }, false);
    const second = violate
      ? rule(
          'admin',
          rng.chance(0.7)
            ? { cidrIpv4: '0.0.0.0/0', fromPort: 22, toPort: 22, description: 'ssh' }
            : { cidrIpv4: '0.0.0.0/0', fromPort: 3389, toPort: 3389, description: 'rdp' },
          true,
        )
      : rule('app', { referencedSecurityGroupId: sgId(ctx), fromPort: 8080, toPort: 8080, description: 'from the load balancer' }, false);
    return [group, https, second];
  },
};

/**
 * Shapes shared by the estate generator's resource kinds. A kind builds one "unit" (a bucket and
 * its companions, a security group and its rules, one volume...) already in Pulumi state shape:
 * inputs as the program gave them (references resolved to ids), outputs as the provider returned
 * them.
 */
import type { Rng } from './prng.ts';

/** Everything a kind needs to know about the stack it writes into. */
export interface StackContext {
  rng: Rng;
  project: string;
  stack: string;
  region: string;
  account: string;
  /** `urn:pulumi:<stack>::<project>::` (children of the stack root carry an unqualified type). */
  urnPrefix: string;
  team: string;
  costCenter: string;
  owner: string;
  /** Landing-zone resources the stack references but does not own. */
  shared: {
    kmsKeyArn: string;
    vpcId: string;
    subnetIds: string[];
    azs: string[];
    accessLogBucket: string;
    trailBucket: string;
    instanceProfile: string;
  };
}

export interface GeneratedResource {
  type: string;
  name: string;
  id: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  /** Input property -> urns of the resources its value came from (state `propertyDependencies`). */
  propertyDependencies?: Record<string, string[]>;
  /** Misconfigured on purpose: one of the checks listed in generate.ts would flag it. */
  violating: boolean;
}

export interface UnitKind {
  id: string;
  /** Relative frequency of units of this kind. */
  weight: number;
  /** Expected resource counts of a clean and of a misconfigured unit (companions included). */
  goodSize: number;
  badSize: number;
  /** How many resources of a misconfigured unit are themselves misconfigured (0 for uncovered types). */
  badViolating: number;
  /** The largest unit the kind can emit; the generator uses single-resource kinds near the end. */
  maxSize: number;
  build(ctx: StackContext, unit: UnitInput): GeneratedResource[];
}

export interface UnitInput {
  /** Service word for logical names, e.g. `checkout`. */
  service: string;
  /** Unit index within the stack: keeps logical names unique. */
  n: number;
  violate: boolean;
}

/** Pulumi's secret envelope as `pulumi stack export` prints it (without --show-secrets). */
export const SECRET_SIG = '4dabf18193072939515e22adb298388d';
export const SECRET_SIG_VALUE = '1b47061264138c4ac30d75fd1eb44270';

export function secret(rng: Rng): Record<string, string> {
  return { [SECRET_SIG]: SECRET_SIG_VALUE, ciphertext: `v1:${rng.alnum(16)}:${rng.alnum(44)}` };
}

export function urnOf(ctx: StackContext, type: string, name: string): string {
  return ctx.urnPrefix + type + '::' + name;
}

export function tagsFor(ctx: StackContext, extra?: Record<string, string>): Record<string, string> {
  const tags: Record<string, string> = {
    owner: ctx.owner,
    team: ctx.team,
    env: ctx.stack,
    'cost-center': ctx.costCenter,
  };
  return extra ? Object.assign(tags, extra) : tags;
}

/**
 * One resource: outputs are the inputs (minus `__defaults`) plus what the provider computes. AWS
 * provider v7 reports `region` on every regional resource and `tagsAll` wherever tags exist.
 */
export function made(
  type: string,
  name: string,
  id: string,
  inputs: Record<string, unknown>,
  computed: Record<string, unknown>,
  violating = false,
  propertyDependencies?: Record<string, string[]>,
): GeneratedResource {
  const { __defaults: _defaults, ...declared } = inputs;
  const outputs: Record<string, unknown> = { id, ...declared, ...computed };
  if (declared.tags !== undefined) outputs.tagsAll = declared.tags;
  return { type, name, id, inputs, outputs, violating, propertyDependencies };
}

/** Pulumi's auto-name: logical name plus a random suffix. */
export function autoName(ctx: StackContext, name: string): string {
  return `${name}-${ctx.rng.alnum(7)}`;
}

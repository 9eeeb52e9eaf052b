/**
 * Joining a resource to the companions that point at it through one input (a flow log's `vpcId`,
 * a secret rotation's `secretId`, a CloudWatch delivery source's `resourceArn`): the general form
 * of the bucket join in s3.ts, for stack rules about services other than S3.
 *
 * A companion names its target differently depending on where the resources came from: state
 * files hold the target's physical id or ARN, Pulumi mocks hold the target's mock id (by
 * convention `<name>` or `<name>_id`), hand-written code sometimes an ARN. Where the harness knows
 * the dependency itself (`propertyDependencies`, filled by the Pulumi CLI and by state files), that
 * wins; otherwise the join is deliberately generous, for the same reason as in s3.ts: a missed match
 * is a false violation, a false match needs one resource's logical name to equal another's
 * physical name.
 */
import type { PolicyResource } from '@pulumi/policy';
import { text } from './values.ts';
import { urnName } from './s3.ts';

/** Index key for a resource known by urn, kept apart from names. */
function dependencyKey(urn: string): string {
  return `\u0000urn:${urn}`;
}

export type ReferenceIndex = ReadonlyMap<string, PolicyResource[]>;

/** Turns a reference as written (`vpc-123`, an ARN, a mock id) into the names it may stand for. */
export type Normalize = (value: string) => string[];

const asIs: Normalize = (value) => [value];

/** What a companion's `property` input points at: the resources it depends on through it, else the names it holds. */
function refs(resource: PolicyResource, property: string, normalize: Normalize): string[] {
  const dependencies = resource.propertyDependencies?.[property] ?? [];
  if (dependencies.length > 0) return dependencies.map((dependency) => dependencyKey(dependency.urn));
  const value = text(resource.props[property]);
  return value === undefined ? [] : normalize(value);
}

/** Indexes the stack's resources of the given types by what their `property` input names. */
export function indexReferences(
  resources: readonly PolicyResource[],
  types: ReadonlySet<string>,
  property: string,
  normalize: Normalize = asIs,
): ReferenceIndex {
  const index = new Map<string, PolicyResource[]>();
  for (const resource of resources) {
    if (!types.has(resource.type)) continue;
    for (const ref of refs(resource, property, normalize)) {
      const list = index.get(ref);
      if (list) list.push(resource);
      else index.set(ref, [resource]);
    }
  }
  return index;
}

/**
 * Every string a companion may use to point at the target: the given identifying props (a name,
 * an ARN), its logical name and urn name, each also with `_id` appended, and its urn.
 */
export function aliasesOf(target: PolicyResource, identifyingProps: readonly string[] = []): string[] {
  const names = new Set<string>();
  for (const candidate of [...identifyingProps.map((prop) => text(target.props[prop])), target.name, urnName(target.urn)]) {
    if (candidate) names.add(candidate);
  }
  for (const name of [...names]) names.add(`${name}_id`);
  names.add(dependencyKey(target.urn));
  return [...names];
}

/** The companions in the index that point at the target. */
export function referrersOf(target: PolicyResource, index: ReferenceIndex, identifyingProps: readonly string[] = []): PolicyResource[] {
  const found = new Set<PolicyResource>();
  for (const alias of aliasesOf(target, identifyingProps)) {
    for (const companion of index.get(alias) ?? []) found.add(companion);
  }
  return [...found];
}

/** The resource part of an ARN (`arn:aws:ec2:...:vpc/vpc-123` → `vpc-123`), plus the ARN itself. */
export function arnResource(value: string): string[] {
  if (!value.startsWith('arn:')) return [value];
  const resource = value.split(':').slice(5).join(':');
  const last = resource.split(/[/:]/).pop();
  return [value, resource, ...(last ? [last] : [])];
}

/** A message label: the first identifying prop that is readable, else the logical name. */
export function labelOf(resource: PolicyResource, identifyingProps: readonly string[] = []): string {
  for (const prop of identifyingProps) {
    const value = text(resource.props[prop]);
    if (value) return value;
  }
  return resource.name;
}

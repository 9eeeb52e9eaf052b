/**
 * Finding the companion resources that configure a bucket. Since @pulumi/aws v7 an S3 bucket's
 * encryption, versioning, logging and public-access block are separate resources whose `bucket`
 * input names the bucket, so rules about a bucket are stack rules that join the two.
 *
 * How a companion names its bucket depends on where the resources came from:
 * - state files and Terraform: the bucket's id, which is its physical name (`props.bucket`);
 * - a program run under Pulumi mocks: the bucket's mock id, which mocks conventionally derive from
 *   the logical name (`<name>` or `<name>_id`, as in Pulumi's testing guide);
 * - hand-written programs sometimes pass the bucket ARN.
 * The join is deliberately generous: a companion matches a bucket when its `bucket` (ARN prefix
 * stripped) equals the bucket's physical name, id, logical name, urn-derived name, or any of those
 * with `_id` appended. A false match needs one bucket's logical name to equal another's physical
 * name, which real estates almost never have; a missed match would be a false violation.
 * Where the harness knows the dependency itself (the Pulumi CLI fills `propertyDependencies`, and
 * does so even in a preview where the bucket's name is not yet known), that wins.
 */
import * as aws from '@pulumi/aws';
import type { PolicyResource } from '@pulumi/policy';
import { many, present, pulumiTypes, record, text } from './values.ts';

export const BUCKET_TYPES = pulumiTypes(aws.s3.Bucket, aws.s3.BucketV2);

export function isBucket(resource: PolicyResource): boolean {
  return BUCKET_TYPES.has(resource.type);
}

/** The name part of a Pulumi urn (`urn:pulumi:stack::project::type::name`); undefined for other keys. */
export function urnName(urn: string): string | undefined {
  const at = urn.lastIndexOf('::');
  return at === -1 ? undefined : urn.slice(at + 2) || undefined;
}

/** A `bucket`/`targetBucket`/`s3BucketName` value as a plain name: ARNs of any partition lose their prefix. */
export function bucketRef(value: unknown): string | undefined {
  const ref = text(value);
  return ref?.replace(/^arn:[^:]+:s3:::/, '');
}

/** Every string another resource may use to point at this bucket (see the module comment). */
export function bucketAliases(bucket: PolicyResource): string[] {
  const names = new Set<string>();
  for (const candidate of [text(bucket.props.bucket), text(bucket.props.id), bucket.name, urnName(bucket.urn)]) {
    if (candidate) names.add(candidate);
  }
  for (const name of [...names]) names.add(`${name}_id`);
  names.add(dependencyKey(bucket.urn));
  return [...names];
}

/** The bucket's physical name when known, else its logical name: what a person recognises in a message. */
export function bucketLabel(bucket: PolicyResource): string {
  return text(bucket.props.bucket) ?? bucket.name;
}

export type CompanionIndex = ReadonlyMap<string, PolicyResource[]>;

/** Index key for a resource known by urn, kept apart from bucket names. */
function dependencyKey(urn: string): string {
  return `\u0000urn:${urn}`;
}

/** What a companion's `bucket` input points at: the resources it depends on through it, else the name it holds. */
function companionRefs(resource: PolicyResource): string[] {
  const dependencies = resource.propertyDependencies?.bucket ?? [];
  if (dependencies.length > 0) return dependencies.map((dependency) => dependencyKey(dependency.urn));
  const ref = bucketRef(resource.props.bucket);
  return ref === undefined ? [] : [ref];
}

/** Indexes the stack's resources of the given types by the bucket their `bucket` input names. */
export function indexCompanions(resources: readonly PolicyResource[], types: ReadonlySet<string>): CompanionIndex {
  const index = new Map<string, PolicyResource[]>();
  for (const resource of resources) {
    if (!types.has(resource.type)) continue;
    for (const ref of companionRefs(resource)) {
      const list = index.get(ref);
      if (list) list.push(resource);
      else index.set(ref, [resource]);
    }
  }
  return index;
}

export function companionsOf(bucket: PolicyResource, index: CompanionIndex): PolicyResource[] {
  const found = new Set<PolicyResource>();
  for (const alias of bucketAliases(bucket)) {
    for (const companion of index.get(alias) ?? []) found.add(companion);
  }
  return [...found];
}

/** True when any of the names points at this bucket. */
export function isNamedBy(bucket: PolicyResource, names: ReadonlySet<string>): boolean {
  return bucketAliases(bucket).some((alias) => names.has(alias));
}

export const LOGGING_TYPES = pulumiTypes(aws.s3.BucketLogging, aws.s3.BucketLoggingV2);

/** Server access logging is on when a logging companion, or the deprecated inline `logging` block, names a target bucket. */
export function logsAccess(bucket: PolicyResource, loggingIndex: CompanionIndex): boolean {
  if (many(bucket.props.logging).some((block) => present(record(block)?.targetBucket))) return true;
  return companionsOf(bucket, loggingIndex).some((logging) => present(logging.props.targetBucket));
}

/** Names of the buckets that receive other buckets' access logs. */
export function logTargets(resources: readonly PolicyResource[]): ReadonlySet<string> {
  const targets = new Set<string>();
  for (const resource of resources) {
    // A logging companion built from `targetBucket: logs.id` names the log bucket exactly.
    for (const dependency of LOGGING_TYPES.has(resource.type) ? (resource.propertyDependencies?.targetBucket ?? []) : []) {
      targets.add(dependencyKey(dependency.urn));
    }
    const blocks = LOGGING_TYPES.has(resource.type) ? [resource.props] : isBucket(resource) ? many(resource.props.logging) : [];
    for (const block of blocks) {
      const target = bucketRef(record(block)?.targetBucket);
      if (target) targets.add(target);
    }
  }
  return targets;
}

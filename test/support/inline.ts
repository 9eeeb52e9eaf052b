/**
 * Inputs built in code for engine tests: canonical resources, a Source that yields given
 * documents, and small rules. They stand in for files, not for any service.
 */
import type { ResourceRule, Rule, StackRule } from '../../policies/rule.ts';
import type { Resource, SourceDocument } from '../../src/sources/resource.ts';
import type { Source } from '../../src/sources/source.ts';
import { SweepError } from '../../src/errors.ts';

export function bucket(scope: string, name: string, props: Record<string, unknown>): Resource {
  return {
    key: `${scope}:${name}`,
    type: 'aws:s3/bucket:Bucket',
    nativeType: 'aws:s3/bucket:Bucket',
    name,
    provider: 'aws',
    account: '123456789012',
    region: 'us-east-1',
    urn: `urn:pulumi:dev::test::aws:s3/bucket:Bucket::${name}`,
    nativeId: name,
    props,
    tags: {},
    iac: { kind: 'pulumi', path: 'index.ts', line: 3 },
    role: 'custom',
    source: 'inline',
  };
}

export function documentOf(scope: string, resources: Resource[]): SourceDocument {
  return { origin: `inline:${scope}`, scope, resources };
}

/** A source whose target names one of the given document lists; a target ending in `!` fails after yielding. */
export function inlineSource(documents: Record<string, SourceDocument[]>): Source {
  return {
    kind: 'inline',
    description: 'documents built in the test',
    async *read(target) {
      for (const document of documents[target] ?? []) yield document;
      // What a source does with a truncated file: a SweepError naming the input.
      if (target.endsWith('!')) throw new SweepError('source-truncated', `inline source ${target} broke mid-read`);
    },
  };
}

function typed<T extends (...args: any[]) => any>(fn: T, type: string): T {
  (fn as unknown as { __pulumiType: string }).__pulumiType = type;
  return fn;
}

/** A bucket rule keyed on one boolean prop, with a property fix. */
export function flagRule(id: string, prop: string, severity: Rule['severity'] = 'high'): ResourceRule {
  return {
    kind: 'resource',
    id,
    name: id,
    description: `${prop} must be true`,
    title: `${prop} must be true`,
    severity,
    rationale: 'test',
    remediation: `set ${prop}`,
    controls: [{ framework: 'nist-800-53', control: 'SC-28' }],
    resourceType: 'aws:s3/bucket:Bucket',
    resourceTypes: ['aws:s3/bucket:Bucket'],
    examples: { pass: [], fail: [] },
    validateResource: typed((args, report) => {
      if (args.props[prop] !== true) report(`${args.name}: ${prop} is not true`);
    }, 'aws:s3/bucket:Bucket'),
    remediateResource: typed((args) => ({ ...args.props, [prop]: true }), 'aws:s3/bucket:Bucket'),
  };
}

export function throwingRule(id: string): ResourceRule {
  const rule = flagRule(id, 'never');
  rule.validateResource = typed(() => {
    throw new Error('boom');
  }, 'aws:s3/bucket:Bucket');
  return rule;
}

/** A stack rule: every bucket needs a versioning companion whose `bucket` prop names it. */
export function companionRule(id: string): StackRule {
  return {
    kind: 'stack',
    id,
    name: id,
    description: 'buckets have versioning companions',
    title: 'buckets have versioning companions',
    severity: 'medium',
    rationale: 'test',
    remediation: 'add a BucketVersioning',
    controls: [{ framework: 'nist-800-53', control: 'CP-9' }],
    resourceTypes: ['aws:s3/bucket:Bucket', 'aws:s3/bucketVersioning:BucketVersioning'],
    examples: { pass: [], fail: [] },
    validateStack(args, report) {
      const named = new Set(args.resources.filter((r) => r.type === 'aws:s3/bucketVersioning:BucketVersioning').map((r) => r.props.bucket));
      for (const r of args.resources) {
        if (r.type === 'aws:s3/bucket:Bucket' && !named.has(r.name)) report(`${r.name} has no versioning`, r.urn);
      }
    },
  };
}

export function versioningOf(scope: string, bucketName: string): Resource {
  return {
    ...bucket(scope, `${bucketName}-versioning`, { bucket: bucketName, versioningConfiguration: { status: 'Enabled' } }),
    type: 'aws:s3/bucketVersioning:BucketVersioning',
    nativeType: 'aws:s3/bucketVersioning:BucketVersioning',
    urn: `urn:pulumi:dev::test::aws:s3/bucketVersioning:BucketVersioning::${bucketName}-versioning`,
  };
}

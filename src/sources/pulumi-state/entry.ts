/**
 * Maps one `deployment.resources[]` entry to a canonical resource. The mapper carries what an
 * entry needs from the ones before it, and nothing else: the urns seen (duplicates are an error),
 * the provider → region index, and the stacks met. So the same code maps a parsed deployment
 * (map.ts) and a stream of entries (stream.ts) without holding the entries. Everything per entry is
 * string slicing and map lookups; see test/sources/bench-pulumi-state.ts.
 */
import { SweepError } from '../../errors.ts';
import type { IacLocation, Resource, ResourceRole, SourceDocument } from '../resource.ts';
import {
  cloudOfPackage,
  isProviderType,
  packageOfType,
  parseArn,
  parseSourcePosition,
  stringField,
  tagsOf,
} from './locate.ts';
import { redactProps } from './secrets.ts';
import { parseUrn } from './urn.ts';

export interface MapOptions {
  /** File path, `stdin` or program directory; named in every error. */
  origin: string;
  /** Source kind recorded on each resource: `pulumi-state`, `pulumi-program`. */
  source: string;
  /** Stack tags (`pulumi stack tag ls --json`); `vcs:owner`/`vcs:repo`/`vcs:root` locate the code. */
  stackTags?: Record<string, string>;
  /**
   * Repository the source paths are relative to, overriding the `vcs:*` tags; pulumi-program sets
   * the program directory. Paths are then taken as written (relative to the project root).
   */
  repo?: string;
}

export type StackInfo = NonNullable<SourceDocument['stack']>;

export interface EntryMapper {
  /** The entry's resource and its scope, or undefined for an entry pending deletion. Throws on a broken entry. */
  map(entry: unknown, index: number): { scope: string; resource: Resource } | undefined;
  /** The stack a scope returned by `map` belongs to. */
  stackOf(scope: string): StackInfo;
}

interface StackScope {
  project: string;
  stack: string;
  scope: string;
  info: StackInfo;
  /** Length of `urn:pulumi:<stack>::<project>::`, which every urn of the stack starts with. */
  urnPrefix: number;
  /** The urns seen, without that prefix (see `remember`). */
  urns: Set<string>;
}

const STACK_TYPE = 'pulumi:pulumi:Stack';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names a broken resource by whatever identity it still has, so the user can find it in the file. */
function describeEntry(entry: unknown): string {
  if (!isRecord(entry)) return JSON.stringify(entry)?.slice(0, 80) ?? String(entry);
  if (typeof entry.urn === 'string' && entry.urn !== '') return `urn ${entry.urn}`;
  if (typeof entry.id === 'string' && entry.id !== '') return `id ${entry.id}`;
  const keys = Object.keys(entry);
  return keys.length === 0 ? 'an empty object' : `fields ${keys.slice(0, 6).join(', ')}`;
}

function invalidResource(origin: string, index: number, entry: unknown, problem: string): SweepError {
  return new SweepError(
    'source-invalid-resource',
    `${origin}: resource #${index} (${describeEntry(entry)}) ${problem}`,
    { hint: 'The export looks edited or truncated; re-export it with `pulumi stack export --file <stack>.json`.' },
  );
}

/** `vcs:owner`/`vcs:repo` name the repository; `vcs:root` is the project's folder inside it. */
function repoFromTags(tags: Record<string, string>): { repo?: string; root: string } {
  const owner = tags['vcs:owner'];
  const name = tags['vcs:repo'];
  if (!owner || !name) return { root: '' };
  let root = (tags['vcs:root'] ?? '').replace(/^\.?\/+/, '');
  if (root !== '' && !root.endsWith('/')) root += '/';
  return { repo: `${owner}/${name}`, root };
}

/** A provider entry's `<urn>::<id>` reference and default region, when it has both. */
export function providerRegion(entry: unknown): [ref: string, region: string] | undefined {
  if (!isRecord(entry) || typeof entry.type !== 'string' || !isProviderType(entry.type)) return undefined;
  const inputs = isRecord(entry.inputs) ? entry.inputs : undefined;
  const outputs = isRecord(entry.outputs) ? entry.outputs : undefined;
  const region = stringField(inputs, 'region') ?? stringField(outputs, 'region');
  if (!region || typeof entry.urn !== 'string') return undefined;
  return [`${entry.urn}::${entry.id ?? ''}`, region];
}

function roleOf(type: string, custom: unknown): ResourceRole {
  if (isProviderType(type)) return 'provider';
  if (custom === false || type === STACK_TYPE) return 'component';
  return 'custom';
}

/** Azure ids start `/subscriptions/<id>/`; the subscription is the account. */
function azureSubscription(id: unknown): string | undefined {
  if (typeof id !== 'string' || !id.startsWith('/subscriptions/')) return undefined;
  const end = id.indexOf('/', '/subscriptions/'.length);
  return id.slice('/subscriptions/'.length, end < 0 ? undefined : end) || undefined;
}

/**
 * A flat copy of a urn's tail for the duplicate set, the one thing kept for every resource of an
 * export: a slice (what `urn.slice` and the tokenizer return) costs 32 bytes more and keeps its
 * whole parent string alive. The JSON round trip is the cheapest exact copy V8 makes flat
 * (~0.7 µs; a million-resource export's set drops from ~180 to ~90 MB).
 */
function remember(tail: string): string {
  return tail.length < 13 ? tail : (JSON.parse(JSON.stringify(tail)) as string);
}

/**
 * `regions` fixes the provider index up front (a parsed deployment knows every provider);
 * without it the index grows as provider entries are mapped: real exports list a provider before
 * the resources that use it, and a resource whose provider has not been seen falls back to its
 * outputs and ARN for the region.
 */
export function createEntryMapper(options: MapOptions, regions?: ReadonlyMap<string, string>): EntryMapper {
  const { origin, source } = options;
  const stackTags = options.stackTags ?? {};
  const fromTags = repoFromTags(stackTags);
  const repo = options.repo ?? fromTags.repo;
  const pathPrefix = options.repo === undefined ? fromTags.root : '';
  const learned = regions === undefined ? new Map<string, string>() : undefined;
  const providers: ReadonlyMap<string, string> = regions ?? learned!;
  const scopes = new Map<string, StackScope>();
  let last: StackScope | undefined;

  function scopeFor(project: string, stack: string): StackScope {
    if (last && last.stack === stack && last.project === project) return last;
    const scopeId = `pulumi:${project}/${stack}`;
    let scope = scopes.get(scopeId);
    if (!scope) {
      const urnPrefix = 'urn:pulumi:'.length + stack.length + '::'.length + project.length + '::'.length;
      scope = { project, stack, scope: scopeId, info: { project, name: stack, tags: stackTags }, urnPrefix, urns: new Set() };
      scopes.set(scopeId, scope);
    }
    last = scope;
    return scope;
  }

  function map(entry: unknown, index: number): { scope: string; resource: Resource } | undefined {
    if (learned) {
      const provider = providerRegion(entry);
      if (provider) learned.set(provider[0], provider[1]);
    }
    if (!isRecord(entry)) throw invalidResource(origin, index, entry, 'is not an object');
    if (entry.delete === true) return undefined;
    const { urn, type } = entry;
    if (typeof urn !== 'string' || urn === '') throw invalidResource(origin, index, entry, 'has no "urn"');
    if (typeof type !== 'string' || type === '') throw invalidResource(origin, index, entry, 'has no "type"');
    const parsed = parseUrn(urn);
    if (!parsed) {
      throw invalidResource(origin, index, entry, 'has a malformed urn (expected urn:pulumi:<stack>::<project>::<type>::<name>)');
    }
    const scope = scopeFor(parsed.project, parsed.stack);
    const tail = urn.slice(scope.urnPrefix);
    if (scope.urns.has(tail)) throw invalidResource(origin, index, entry, 'repeats a urn already in this export');
    scope.urns.add(remember(tail));

    const props = redactProps(isRecord(entry.inputs) ? entry.inputs : undefined);
    const outputs = isRecord(entry.outputs) ? entry.outputs : undefined;
    const role = roleOf(type, entry.custom);
    const provider = cloudOfPackage(packageOfType(type));
    const nativeId = typeof entry.id === 'string' && entry.id !== '' ? entry.id : undefined;
    const arn = parseArn(outputs?.arn) ?? parseArn(nativeId);
    const providerRef = typeof entry.provider === 'string' ? entry.provider : undefined;
    // An explicit per-resource region (AWS provider v7 allows one) beats the provider's default.
    let region =
      stringField(props, 'region') ??
      (providerRef ? providers.get(providerRef) : undefined) ??
      stringField(outputs, 'region') ??
      arn?.region;
    let account = arn?.account;
    if (provider === 'gcp') {
      region ??= stringField(outputs, 'location');
      account ??= stringField(outputs, 'project') ?? stringField(props, 'project');
    } else if (provider === 'azure') {
      region ??= stringField(outputs, 'location') ?? stringField(props, 'location');
      account ??= azureSubscription(nativeId);
    }

    const position = parseSourcePosition(entry.sourcePosition);
    const iac: IacLocation = {
      kind: 'pulumi',
      repo,
      project: scope.project,
      stack: scope.stack,
      path: position ? pathPrefix + position.path : undefined,
      line: position?.line,
      column: position?.column,
    };
    const parent = typeof entry.parent === 'string' && entry.parent !== '' ? entry.parent : undefined;
    const resource: Resource = {
      key: `${scope.scope}:${urn}`,
      type,
      nativeType: type,
      name: parsed.name,
      provider,
      account,
      region,
      urn,
      nativeId,
      props,
      tags: tagsOf(props, provider),
      iac,
      role,
      parentKey: parent ? `${scope.scope}:${parent}` : undefined,
      source,
    };
    const keyOf = (dependency: string) => `${scope.scope}:${dependency}`;
    if (Array.isArray(entry.dependencies) && entry.dependencies.length > 0) {
      resource.dependencies = entry.dependencies.filter((d): d is string => typeof d === 'string').map(keyOf);
    }
    if (isRecord(entry.propertyDependencies)) {
      const byProperty: Record<string, string[]> = {};
      for (const [property, urns] of Object.entries(entry.propertyDependencies)) {
        if (Array.isArray(urns) && urns.length > 0) byProperty[property] = urns.filter((d): d is string => typeof d === 'string').map(keyOf);
      }
      if (Object.keys(byProperty).length > 0) resource.propertyDependencies = byProperty;
    }
    return { scope: scope.scope, resource };
  }

  return {
    map,
    stackOf(scope) {
      const found = scopes.get(scope);
      if (!found) throw new Error(`pulumi-state: no stack for scope ${scope}`);
      return found.info;
    },
  };
}

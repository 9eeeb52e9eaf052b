/**
 * One `resources[]` entry of a state (a resource block and its instances) → canonical resources,
 * one per instance. Data sources are skipped (they are reads, not managed infrastructure), and so
 * are deposed objects (replaced instances awaiting destroy under create_before_destroy).
 *
 * Identity: the key is `terraform:<lineage>:<instance address>` in Terraform's own syntax
 * (`module.vpc.aws_security_group.web[0]`, `aws_s3_bucket.logs["eu"]`); `name` is the address's
 * last segment with its index (`web[0]`) and `iac.project` the module path (`module.vpc` or
 * `root`), so `<project>.<nativeType>.<name>` spells the full address (the key's tail holds it too).
 */
import { SweepError } from '../../errors.ts';
import type { IacLocation, Resource } from '../resource.ts';
import { SECRET_MARKER } from '../resource.ts';
import { cloudOfProvider, indexSuffix, instanceAddress, moduleCalls, providerTypeName } from './address.ts';
import { toPulumiProps } from './convert.ts';
import type { TokenResolver } from './derive.ts';
import { unflatten } from './flatmap.ts';
import { stateHint } from './header.ts';
import { placementOf, tagsOf } from './locate.ts';
import type { RepoIndex } from './repo-index.ts';
import { redactByName, redactSensitive } from './sensitive.ts';
import { TYPE_TABLE } from './type-table.ts';

export const SOURCE_KIND = 'terraform-state';

export interface MapContext {
  origin: string;
  /** `terraform:<lineage>`; every key starts with it. */
  scope: string;
  tokens: TokenResolver;
  /** `scan --repo`: the repository (absolute path) and its index. */
  repo?: { root: string; index: RepoIndex };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalidEntry(origin: string, index: number, entry: unknown, problem: string): SweepError {
  const label =
    isRecord(entry) && typeof entry.type === 'string' && typeof entry.name === 'string'
      ? `${typeof entry.module === 'string' && entry.module !== '' ? `${entry.module}.` : ''}${entry.type}.${entry.name}`
      : `#${index}`;
  return new SweepError('source-invalid-resource', `${origin}: resource ${label} ${problem}`, {
    hint: `The state looks edited or truncated. ${stateHint}`,
  });
}

function attributesOf(instance: Record<string, unknown>): Record<string, unknown> {
  if (isRecord(instance.attributes)) return instance.attributes;
  if (isRecord(instance.attributes_flat)) return unflatten(instance.attributes_flat);
  return {};
}

function iacOf(module: string, type: string, name: string, context: MapContext): IacLocation {
  const iac: IacLocation = { kind: 'terraform', project: module === '' ? 'root' : module };
  if (!context.repo) return iac;
  iac.repo = context.repo.root;
  const declared = context.repo.index.locate(moduleCalls(module), type, name);
  if (declared) {
    iac.path = declared.path;
    iac.line = declared.line;
  }
  return iac;
}

/** Maps one `resources[]` entry; `index` is its position in the array, for errors. */
export function mapEntry(entry: unknown, index: number, context: MapContext): Resource[] {
  const { origin } = context;
  if (!isRecord(entry)) throw invalidEntry(origin, index, entry, 'is not an object');
  const { mode, type, name } = entry;
  if (typeof type !== 'string' || type === '') throw invalidEntry(origin, index, entry, 'has no "type"');
  if (typeof name !== 'string' || name === '') throw invalidEntry(origin, index, entry, 'has no "name"');
  if (mode === 'data') return [];
  if (mode !== 'managed') throw invalidEntry(origin, index, entry, `has mode ${JSON.stringify(mode)} (expected "managed" or "data")`);
  const module = typeof entry.module === 'string' ? entry.module : '';
  const instances = entry.instances ?? [];
  if (!Array.isArray(instances)) throw invalidEntry(origin, index, entry, 'has "instances" that is not an array');

  const cloud = cloudOfProvider(providerTypeName(entry.provider), type);
  const mapping = TYPE_TABLE[type];
  const token = mapping?.token ?? (cloud === 'aws' ? context.tokens(type) : undefined);
  const iac = iacOf(module, type, name, context);
  const resources: Resource[] = [];

  for (const instance of instances) {
    if (!isRecord(instance)) throw invalidEntry(origin, index, entry, 'has an instance that is not an object');
    if (typeof instance.deposed === 'string' && instance.deposed !== '') continue;
    const attributes = attributesOf(instance);
    redactSensitive(attributes, instance.sensitive_attributes);
    redactByName(attributes);

    const address = instanceAddress(module, type, name, instance.index_key);
    const placement = placementOf(attributes, cloud);
    const id = attributes.id;
    const resource: Resource = {
      key: `${context.scope}:${address}`,
      type: token ?? type,
      nativeType: type,
      name: `${name}${indexSuffix(instance.index_key)}`,
      provider: cloud,
      account: placement.account,
      region: placement.region,
      nativeId: typeof id === 'string' && id !== '' && id !== SECRET_MARKER ? id : undefined,
      props: token ? toPulumiProps(attributes, mapping?.blocks) : attributes,
      tags: tagsOf(attributes, cloud),
      iac: { ...iac },
      role: 'custom',
      source: SOURCE_KIND,
    };
    if (!token) resource.unknownType = true;
    if (Array.isArray(instance.dependencies) && instance.dependencies.length > 0) {
      // Terraform records dependencies per resource block, not per instance: the keys name blocks.
      resource.dependencies = instance.dependencies
        .filter((dependency): dependency is string => typeof dependency === 'string')
        .map((dependency) => `${context.scope}:${dependency}`);
    }
    resources.push(resource);
  }
  return resources;
}

/**
 * One configuration item → canonical resources: the resource itself, then its companions (S3
 * bucket settings, inline IAM policies) keyed under it with `#<part>`. Every resource is
 * unmanaged (`iac.kind = none`): Config knows what exists, not which code declared it.
 */
import type { Resource } from '../resource.ts';
import type { ConfigItem } from './item.ts';
import { redactConfiguration } from './secrets.ts';
import { TYPE_MAPPINGS } from './types.ts';

export const SOURCE_KIND = 'aws-config';

/** `aws:<account>`: one scope per account, so scanning one account never resolves another's findings. */
export function scopeOf(account: string): string {
  return `aws:${account}`;
}

/** `aws:<account>:<arn>`, or `aws:<account>:<resourceType>/<resourceId>` for the few types without an ARN. */
export function keyOf(item: ConfigItem): string {
  // join() builds one flat string rather than a tree of parts (see the kubernetes mapper).
  return item.arn === undefined
    ? ['aws:', item.account, ':', item.resourceType, '/', item.resourceId].join('')
    : ['aws:', item.account, ':', item.arn].join('');
}

function importId(item: ConfigItem, field: 'resourceId' | 'resourceName' | 'arn' | undefined): string {
  if (field === 'arn') return item.arn ?? item.resourceId;
  if (field === 'resourceName') return item.resourceName ?? item.resourceId;
  return item.resourceId;
}

function hasTags(tags: Record<string, string>): boolean {
  for (const _ in tags) return true;
  return false;
}

/** The item's resources, owner first; an unknown type yields one resource with its raw configuration. */
export function mapItem(item: ConfigItem): Resource[] {
  const key = keyOf(item);
  const common = {
    nativeType: item.resourceType,
    provider: 'aws' as const,
    account: item.account,
    region: item.region,
    iac: { kind: 'none' as const },
    role: 'custom' as const,
    source: SOURCE_KIND,
  };
  const mapping = Object.hasOwn(TYPE_MAPPINGS, item.resourceType) ? TYPE_MAPPINGS[item.resourceType] : undefined;
  if (!mapping) {
    return [
      {
        ...common,
        key,
        type: item.resourceType,
        name: item.resourceName ?? item.resourceId,
        nativeId: item.resourceId,
        props: redactConfiguration(item.resourceType, item.configuration),
        tags: item.tags,
        unknownType: true,
      },
    ];
  }
  const mapped = mapping.map(item);
  const props = mapping.tags !== false && hasTags(item.tags) ? { ...mapped.props, tags: item.tags } : mapped.props;
  const owner: Resource = {
    ...common,
    key,
    type: mapping.type,
    name: item.resourceName ?? item.resourceId,
    nativeId: importId(item, mapping.importId),
    props,
    tags: item.tags,
  };
  if (!mapped.companions || mapped.companions.length === 0) return [owner];
  const resources = [owner];
  for (const companion of mapped.companions) {
    const propertyDependencies: Record<string, string[]> = {};
    for (const property of companion.ownerProps) propertyDependencies[property] = [key];
    resources.push({
      ...common,
      key: `${key}#${companion.suffix}`,
      type: companion.type,
      nativeType: `${item.resourceType}#${companion.part}`,
      name: companion.name,
      nativeId: companion.nativeId,
      props: companion.props,
      tags: {},
      dependencies: [key],
      propertyDependencies,
    });
  }
  return resources;
}

/**
 * Where a resource lives (account, region) and its tags, from its raw Terraform attributes. State
 * does not record provider configuration (only its address), so everything comes from what the
 * provider wrote back: the per-resource `region` (AWS provider v6+), the ARN, the availability zone,
 * `owner_id`; `project`/`location`/`zone` on Google; the subscription in Azure ids.
 */
import { parseArn, stringField } from '../pulumi-state/locate.ts';
import type { CloudProvider } from '../resource.ts';

export interface Placement {
  account?: string;
  region?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `us-east-1a` → `us-east-1` (AWS), `europe-west1-b` → `europe-west1` (GCP). */
function regionOfZone(zone: string | undefined, cloud: 'aws' | 'gcp'): string | undefined {
  if (zone === undefined) return undefined;
  if (cloud === 'aws') return /^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/.test(zone) ? zone.slice(0, -1) : undefined;
  const dash = zone.lastIndexOf('-');
  return /^[a-z]+-[a-z]+\d+-[a-z]$/.test(zone) ? zone.slice(0, dash) : undefined;
}

function azureSubscription(id: string | undefined): string | undefined {
  if (id === undefined || !id.toLowerCase().startsWith('/subscriptions/')) return undefined;
  const end = id.indexOf('/', '/subscriptions/'.length);
  return id.slice('/subscriptions/'.length, end < 0 ? undefined : end) || undefined;
}

export function placementOf(attributes: Record<string, unknown>, cloud: CloudProvider): Placement {
  switch (cloud) {
    case 'aws': {
      const arn = parseArn(attributes.arn) ?? parseArn(attributes.id);
      return {
        account: arn?.account ?? stringField(attributes, 'owner_id') ?? stringField(attributes, 'account_id'),
        region:
          stringField(attributes, 'region') ??
          arn?.region ??
          regionOfZone(stringField(attributes, 'availability_zone'), 'aws'),
      };
    }
    case 'gcp':
      return {
        account: stringField(attributes, 'project'),
        region:
          stringField(attributes, 'region') ??
          stringField(attributes, 'location') ??
          regionOfZone(stringField(attributes, 'zone'), 'gcp'),
      };
    case 'azure':
      return { account: azureSubscription(stringField(attributes, 'id')), region: stringField(attributes, 'location') };
    default:
      return {};
  }
}

function strings(bag: unknown, into: Record<string, string>): void {
  if (!isRecord(bag)) return;
  for (const key of Object.keys(bag)) {
    const value = bag[key];
    if (typeof value === 'string') into[key] = value;
  }
}

/**
 * Tags as the resource really carries them: AWS `tags_all` includes the provider's default_tags,
 * Google `effective_labels` every label, Kubernetes `metadata[0].labels`. String values only.
 */
export function tagsOf(attributes: Record<string, unknown>, cloud: CloudProvider): Record<string, string> {
  const tags: Record<string, string> = {};
  if (cloud === 'gcp') {
    strings(attributes.labels, tags);
    strings(attributes.effective_labels, tags);
  } else if (cloud === 'kubernetes') {
    const metadata = Array.isArray(attributes.metadata) ? attributes.metadata[0] : attributes.metadata;
    if (isRecord(metadata)) strings(metadata.labels, tags);
  } else {
    strings(attributes.tags, tags);
    strings(attributes.tags_all, tags);
  }
  return tags;
}

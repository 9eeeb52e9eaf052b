/**
 * One AWS Config configuration item, whichever command printed it. The three shapes sweep reads
 * spell the same fields differently:
 * - snapshot files (and `get-resource-config-history`): `awsAccountId`/`accountId`, `ARN`/`arn`,
 *   `configuration` an object (history: a JSON string), `tags` an object;
 * - `batch-get-resource-config`: `accountId`, `arn`, `configuration` a JSON string,
 *   `supplementaryConfiguration` values JSON strings, no `tags` (they sit in the configuration);
 * - `select-resource-config`: whatever was selected, `tags` a list of `{ key, value }`.
 */
import { SweepError } from '../../errors.ts';
import { parseArn } from '../pulumi-state/locate.ts';
import { isRecord, str } from './values.ts';

export interface ConfigItem {
  resourceType: string;
  resourceId: string;
  resourceName?: string;
  arn?: string;
  account: string;
  /** Undefined for global resources (Config says `global`). */
  region?: string;
  configuration: Record<string, unknown>;
  supplementary: Record<string, unknown>;
  tags: Record<string, string>;
}

/**
 * Statuses whose item describes nothing that exists now. `ResourceNotRecorded` items exist but
 * carry no configuration; evaluating their empty props would report every missing setting, so
 * they are left out like deleted ones rather than stored as false violations.
 */
const SKIPPED_STATUSES = new Set(['ResourceDeleted', 'ResourceDeletedNotRecorded', 'ResourceNotRecorded']);

const hint = 'Pass the unmodified output of `aws configservice` (or a configuration snapshot delivered by AWS Config).';

function invalidItem(origin: string, index: number, raw: unknown, problem: string, fix = hint): SweepError {
  const record = isRecord(raw) ? raw : {};
  const name = str(record.resourceId) ?? str(record.arn) ?? str(record.ARN);
  const which = name ? ` (${str(record.resourceType) ?? 'resource'} ${name})` : '';
  return new SweepError('source-invalid-resource', `${origin}: configuration item #${index}${which} ${problem}`, { hint: fix });
}

/** A value Config may have serialised into a JSON string; strings that are not JSON stay strings. */
export function decodeJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const first = value.trimStart().charCodeAt(0);
  // Only objects, arrays and the literals Config writes this way; a plain name stays a name.
  const looksJson = first === 0x7b || first === 0x5b || value === 'true' || value === 'false' || value === 'null';
  if (!looksJson) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** `{ Name: "web" }` or `[{ key: "Name", value: "web" }]` (also `Key`/`Value`) as a flat string map. */
export function tagMap(value: unknown): Record<string, string> | undefined {
  const decoded = decodeJson(value);
  const tags: Record<string, string> = {};
  if (Array.isArray(decoded)) {
    for (const entry of decoded) {
      if (!isRecord(entry)) continue;
      const key = str(entry.key) ?? str(entry.Key);
      const tagValue = entry.value ?? entry.Value;
      if (key !== undefined && typeof tagValue === 'string') tags[key] = tagValue;
    }
    return tags;
  }
  if (!isRecord(decoded)) return undefined;
  for (const [key, tagValue] of Object.entries(decoded)) {
    if (typeof tagValue === 'string') tags[key] = tagValue;
  }
  return tags;
}

function decodeValues(value: unknown): Record<string, unknown> {
  const decoded = decodeJson(value);
  if (!isRecord(decoded)) return {};
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(decoded)) out[key] = decodeJson(entry);
  return out;
}

/**
 * Normalises a raw item; returns undefined for items to skip (deleted, not recorded). Throws a
 * SweepError naming the item when it lacks what identifies a resource.
 */
export function normalizeItem(raw: unknown, origin: string, index: number): ConfigItem | undefined {
  if (!isRecord(raw)) throw invalidItem(origin, index, raw, 'is not an object');
  const status = str(raw.configurationItemStatus);
  if (status !== undefined && SKIPPED_STATUSES.has(status)) return undefined;
  const resourceType = str(raw.resourceType);
  const resourceId = str(raw.resourceId);
  if (!resourceType) throw invalidItem(origin, index, raw, 'has no "resourceType"');
  if (!resourceId) throw invalidItem(origin, index, raw, 'has no "resourceId"');
  const arn = str(raw.ARN) ?? str(raw.arn);
  const account = str(raw.awsAccountId) ?? str(raw.accountId) ?? parseArn(arn)?.account;
  if (!account) {
    // Advanced queries return only the selected fields, and S3 ARNs carry no account.
    throw invalidItem(origin, index, raw, 'names no account ("awsAccountId" or "accountId")', `${hint} For select-resource-config, select accountId too.`);
  }
  const rawConfiguration = raw.configuration;
  const configuration = decodeJson(rawConfiguration);
  if (typeof rawConfiguration === 'string' && typeof configuration === 'string') {
    throw invalidItem(origin, index, raw, 'has a "configuration" string that is not JSON');
  }
  const region = str(raw.awsRegion);
  const config = isRecord(configuration) ? configuration : {};
  return {
    resourceType,
    resourceId,
    resourceName: str(raw.resourceName),
    arn,
    account,
    region: region === 'global' ? undefined : region,
    configuration: config,
    supplementary: decodeValues(raw.supplementaryConfiguration),
    // batch-get items carry no tags of their own; EC2 and most other types repeat them in the configuration.
    tags: tagMap(raw.tags) ?? tagMap(config.tags) ?? tagMap(config.Tags) ?? {},
  };
}

/**
 * Small, allocation-light helpers that answer "where is this resource": its cloud, region and
 * account, and where in the program it is declared. String operations only, no regexes: they run
 * for every resource of large exports.
 */
import type { CloudProvider } from '../resource.ts';

const PROVIDER_TYPE_PREFIX = 'pulumi:providers:';

/** The Pulumi package a type token belongs to; for `pulumi:providers:aws` that is `aws`. */
export function packageOfType(type: string): string {
  if (type.startsWith(PROVIDER_TYPE_PREFIX)) return type.slice(PROVIDER_TYPE_PREFIX.length);
  const colon = type.indexOf(':');
  return colon < 0 ? type : type.slice(0, colon);
}

export function isProviderType(type: string): boolean {
  return type.startsWith(PROVIDER_TYPE_PREFIX);
}

/** Maps a package to its cloud; the native and Entra ID providers count as their cloud too. */
export function cloudOfPackage(pkg: string): CloudProvider {
  switch (pkg) {
    case 'aws':
    case 'aws-native':
      return 'aws';
    case 'gcp':
    case 'google-native':
      return 'gcp';
    case 'azure':
    case 'azure-native':
    case 'azuread':
      return 'azure';
    case 'kubernetes':
      return 'kubernetes';
    default:
      return 'other';
  }
}

export interface ArnParts {
  region?: string;
  account?: string;
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`; global services leave region (and S3 account) empty. */
export function parseArn(value: unknown): ArnParts | undefined {
  if (typeof value !== 'string' || !value.startsWith('arn:')) return undefined;
  const parts = value.split(':', 5);
  if (parts.length < 5) return undefined;
  return { region: parts[3] || undefined, account: parts[4] || undefined };
}

export interface SourcePosition {
  path: string;
  line?: number;
  column?: number;
}

/**
 * `project:///index.ts#12,15` → index.ts, 12, 15. The column is optional (`#12`), and positions
 * outside the project keep their `file://` path. Percent-escapes are decoded so the path matches
 * the file on disk.
 */
export function parseSourcePosition(value: unknown): SourcePosition | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const hash = value.lastIndexOf('#');
  const uri = hash < 0 ? value : value.slice(0, hash);
  let path: string;
  if (uri.startsWith('project:///')) path = uri.slice('project:///'.length);
  else if (uri.startsWith('file://')) path = uri.slice('file://'.length);
  else path = uri;
  if (path.includes('%')) {
    try {
      path = decodeURIComponent(path);
    } catch {
      // A stray `%` that is not an escape: keep the path as written.
    }
  }
  if (hash < 0) return { path };
  const position = value.slice(hash + 1);
  const comma = position.indexOf(',');
  const line = Number.parseInt(comma < 0 ? position : position.slice(0, comma), 10);
  const column = comma < 0 ? Number.NaN : Number.parseInt(position.slice(comma + 1), 10);
  return {
    path,
    line: Number.isFinite(line) ? line : undefined,
    column: Number.isFinite(column) ? column : undefined,
  };
}

function isStringRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Resource tags: `tags` for AWS and Azure, `labels` for GCP, `metadata.labels` for Kubernetes.
 * Only string values are kept (a redacted secret tag keeps its marker).
 */
export function tagsOf(props: Record<string, unknown>, cloud: CloudProvider): Record<string, string> {
  let bag: unknown = props.tags;
  if (bag === undefined && cloud === 'gcp') bag = props.labels;
  if (bag === undefined && cloud === 'kubernetes' && isStringRecord(props.metadata)) bag = props.metadata.labels;
  if (!isStringRecord(bag)) return {};
  const tags: Record<string, string> = {};
  for (const key in bag) {
    const value = bag[key];
    if (typeof value === 'string') tags[key] = value;
  }
  return tags;
}

export function stringField(bag: Record<string, unknown> | undefined, field: string): string | undefined {
  const value = bag?.[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

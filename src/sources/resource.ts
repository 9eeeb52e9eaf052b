/**
 * The canonical resource every source produces. Everything downstream of import (policies,
 * reconciliation, fixers, reports) sees only this shape, whichever tool described the resource.
 */
export type CloudProvider = 'aws' | 'gcp' | 'azure' | 'kubernetes' | 'other';

/** `custom` resources are evaluated; providers and components are stored (parent links) but never evaluated. */
export type ResourceRole = 'custom' | 'component' | 'provider';

export interface IacLocation {
  kind: 'pulumi' | 'terraform' | 'none';
  /** Repository: a local path or `owner/name` from the stack's `vcs:*` tags. */
  repo?: string;
  stack?: string;
  project?: string;
  /** File path relative to the repo (or program) root, e.g. `index.ts`. */
  path?: string;
  line?: number;
  column?: number;
}

export interface Resource {
  /** Stable identity across scans: `<source-family>:<account|stack>:<native id or urn>`. */
  key: string;
  /** Pulumi type token, e.g. `aws:s3/bucket:Bucket`; policies match on it. */
  type: string;
  /** What the source called it: `AWS::S3::Bucket`, `aws_s3_bucket`, `Deployment`. */
  nativeType: string;
  name: string;
  provider: CloudProvider;
  account?: string;
  region?: string;
  urn?: string;
  nativeId?: string;
  /** Input-shaped property bag, camelCase as the Pulumi provider names them. Secrets already replaced. */
  props: Record<string, unknown>;
  tags: Record<string, string>;
  iac: IacLocation;
  role: ResourceRole;
  /** Key of the parent resource (component or stack), when the source knows it. */
  parentKey?: string;
  /** Keys of the resources this one depends on, when the source records them (Pulumi state does). */
  dependencies?: string[];
  /** Per input property, the keys of the resources its value came from (`bucket` → the bucket). */
  propertyDependencies?: Record<string, string[]>;
  /** Source kind that read it: `pulumi-state`, `pulumi-program`, ... */
  source: string;
  /**
   * The mapper did not recognise the source's type: `type` and `nativeType` hold the raw type and
   * `props` the raw attributes. Kept (and stored) so nothing is dropped silently, and counted.
   */
  unknownType?: boolean;
}

/**
 * One unit a source yields. A source may split a large stack into several consecutive documents
 * with the same scope (bounded batches, so a 1 GB state file never sits in memory whole): the
 * engine runs resource rules per batch and stack rules once over the stack's batches together.
 *
 * One unit a source yields: the resources of one stack (or account snapshot) read from one input.
 * `scope` is the `<source-family>:<account|stack>` prefix of its keys; a scan only resolves
 * violations inside the scopes it actually read, so scanning one stack never resolves another's.
 */
export interface SourceDocument {
  /** The file path, `stdin`, or program directory the resources came from (used in errors). */
  origin: string;
  scope: string;
  stack?: { project: string; name: string; tags: Record<string, string> };
  resources: Resource[];
}

/** Replaces every secret value before anything is stored, logged, or sent to a model. */
export const SECRET_MARKER = '[secret]';

/** Pulumi's signature key for secret values in stack exports and engine payloads. */
export const PULUMI_SECRET_SIGNATURE = '4dabf18193072939515e22adb298388d';
export const PULUMI_SECRET_SIG_VALUE = '1b47061264138c4ac30d75fd1eb44270';

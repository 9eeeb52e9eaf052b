/**
 * The parts of `pulumi stack export` output sweep reads (and `toStackExport` writes), with the
 * field names the Pulumi CLI uses (apitype.UntypedDeployment / DeploymentV3). Unknown fields are
 * allowed and ignored: deployment version 4 differs from 3 by adding fields, not changing them.
 */
import { SweepError } from '../../errors.ts';

export const SUPPORTED_DEPLOYMENT_VERSIONS: readonly number[] = [3, 4];

export interface StackExport {
  version: number;
  deployment: Deployment;
}

export interface DeploymentManifest {
  time: string;
  magic: string;
  version: string;
  plugins?: unknown[];
}

export interface Deployment {
  manifest?: DeploymentManifest;
  secrets_providers?: unknown;
  resources: DeploymentResource[];
  pending_operations?: unknown[];
  metadata?: Record<string, unknown>;
}

export interface DeploymentResource {
  urn: string;
  custom?: boolean;
  /** Pending deletion (a replaced resource awaiting delete); it shares its urn with the replacement. */
  delete?: boolean;
  id?: string;
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  parent?: string;
  /** `<provider urn>::<provider id>`. */
  provider?: string;
  /** `project:///index.ts#12,15` (line and column; column may be missing). */
  sourcePosition?: string;
  external?: boolean;
  protect?: boolean;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  created?: string;
  modified?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const reexportHint = 'Re-export the stack with `pulumi stack export --file <stack>.json` from a current Pulumi CLI.';

function invalidExport(message: string, hint = reexportHint): SweepError {
  return new SweepError('source-invalid-export', message, { hint });
}

export function notAnObject(origin: string): SweepError {
  return invalidExport(`${origin} is not a Pulumi stack export: expected a JSON object`);
}

/** Rejects a missing or non-numeric `version`, and versions other than 3 and 4. */
export function checkVersion(origin: string, version: unknown): void {
  if (typeof version !== 'number') throw invalidExport(`${origin} is not a Pulumi stack export: no deployment "version"`);
  if (SUPPORTED_DEPLOYMENT_VERSIONS.includes(version)) return;
  throw new SweepError(
    'source-unsupported-version',
    `${origin}: unsupported deployment version ${version}; sweep reads versions ${SUPPORTED_DEPLOYMENT_VERSIONS.join(' and ')}`,
    {
      hint:
        version > 4
          ? `This export is newer than sweep understands. ${reexportHint}`
          : `This export comes from an old Pulumi CLI. ${reexportHint}`,
    },
  );
}

export function noDeployment(origin: string): SweepError {
  return invalidExport(`${origin} is not a Pulumi stack export: no "deployment" object`);
}

/**
 * An export of a never-deployed stack omits `resources`; without urns there is not even a stack
 * scope to reconcile, so the user has to drop it rather than scan "nothing".
 */
export function noResources(origin: string): SweepError {
  return invalidExport(
    `${origin}: deployment has no "resources" (empty or truncated export)`,
    `If the stack was never deployed there is nothing to scan: remove it from the sources. Otherwise: ${reexportHint}`,
  );
}

export function resourcesNotArray(origin: string): SweepError {
  return invalidExport(`${origin}: deployment "resources" is not an array`);
}

/**
 * Checks the envelope of a parsed export and returns its deployment. Resources are checked one by
 * one while mapping (so a 100k-resource export is walked once). Self-managed backend checkpoint
 * files (`~/.pulumi/stacks/<project>/<stack>.json`: `{ version, checkpoint: { latest } }`) carry
 * the same deployment and are accepted too. The streaming reader (envelope.ts) applies the same
 * checks, with the same errors, while the file goes by.
 */
export function parseStackExport(json: unknown, origin: string): Deployment {
  if (!isRecord(json)) throw notAnObject(origin);
  checkVersion(origin, json.version);
  const checkpoint = isRecord(json.checkpoint) ? json.checkpoint : undefined;
  const deployment = json.deployment ?? checkpoint?.latest;
  if (!isRecord(deployment)) throw noDeployment(origin);
  if (deployment.resources === undefined) throw noResources(origin);
  if (!Array.isArray(deployment.resources)) throw resourcesNotArray(origin);
  return deployment as unknown as Deployment;
}

/**
 * The scan plan of a streamed export: what parseStackExport (schema.ts) checks on a parsed one,
 * checked while the file goes by. `version`, `deployment` (or a checkpoint's `latest`) and its
 * `resources` are followed; everything else (manifest, secrets providers, pending operations,
 * metadata) is skipped: checked for syntax a member at a time, never kept.
 *
 * `version` comes first in what the Pulumi CLI writes, so an unsupported one is rejected before
 * any resource is mapped. A file whose keys were reordered (`jq -S` puts `version` last) still
 * reads: its version is checked when it arrives, and `finish` rejects a file that never had one.
 * Either way the scan fails before it commits, as it does for a file truncated after its first
 * batches.
 */
import type { JsonPath, ScanPlan } from '../stream/json-scanner.ts';
import { checkVersion, noDeployment, noResources, notAnObject, resourcesNotArray } from './schema.ts';

export interface ExportPlan extends ScanPlan {
  /** Throws what a parsed export with the same envelope would have thrown; call after the input ends. */
  finish(): void;
}

/** `deployment.resources` in an export, `checkpoint.latest.resources` in a checkpoint file. */
function isDeployment(path: JsonPath): boolean {
  return (path.length === 1 && path[0] === 'deployment') || (path.length === 2 && path[0] === 'checkpoint' && path[1] === 'latest');
}

function isResources(path: JsonPath): boolean {
  return path.at(-1) === 'resources' && isDeployment(path.slice(0, -1));
}

export function createExportPlan(origin: string): ExportPlan {
  let version: unknown;
  let deployment = false;
  let resources = false;

  return {
    open(path, kind) {
      if (path.length === 0) {
        if (kind !== 'object') throw notAnObject(origin);
        return 'walk';
      }
      if (path.length === 1 && path[0] === 'checkpoint') return kind === 'object' ? 'walk' : 'skip';
      if (isDeployment(path)) {
        // A `deployment` that is not an object is an error even beside a checkpoint, as in parseStackExport.
        if (kind !== 'object') {
          if (path[0] === 'deployment') throw noDeployment(origin);
          return 'skip';
        }
        deployment = true;
        return 'walk';
      }
      if (isResources(path)) {
        if (kind !== 'array') throw resourcesNotArray(origin);
        // Files holding both a deployment and a checkpoint do not occur; the first one read wins.
        if (resources) return 'skip';
        resources = true;
        return 'stream';
      }
      return 'skip';
    },
    value(path, value) {
      if (path.length === 0) throw notAnObject(origin);
      if (path.length === 1 && path[0] === 'version') {
        version = value;
        checkVersion(origin, value);
      } else if (path.length === 1 && path[0] === 'deployment' && value !== null) {
        throw noDeployment(origin);
      } else if (isResources(path)) {
        throw resourcesNotArray(origin);
      }
    },
    finish() {
      checkVersion(origin, version);
      if (!deployment) throw noDeployment(origin);
      if (!resources) throw noResources(origin);
    },
  };
}

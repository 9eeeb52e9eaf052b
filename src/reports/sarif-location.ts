/**
 * SARIF locations for violations. GitHub code scanning resolves `artifactLocation.uri` against the
 * repository root (`uriBaseId: %SRCROOT%`), rejects a whole upload when any result has no
 * physical location, and cannot use absolute or `..` paths — so a result gets a physical location
 * only when its IaC path is a clean repo-relative path, and the cloud resource always rides along
 * as a logical location (`fullyQualifiedName` = the resource key).
 */
import type { ReportRow } from './rows.ts';

export const SRCROOT = '%SRCROOT%';

/**
 * The repo-relative, percent-encoded URI of `path`, or undefined when it cannot be one. A path
 * under a local repo checkout (`repo` is an absolute directory) is made relative to it first.
 */
export function repoRelativeUri(repo: string | null, path: string | null): string | undefined {
  if (!path) return undefined;
  let relative = path.replaceAll('\\', '/');
  const root = repo?.replaceAll('\\', '/').replace(/\/+$/, '');
  if (root && root.startsWith('/') && relative.startsWith(`${root}/`)) relative = relative.slice(root.length + 1);
  // Absolute paths, drive letters and URIs with a scheme say nothing about the repo layout.
  if (relative.startsWith('/') || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(relative)) return undefined;
  const segments = relative.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.length === 0 || segments.includes('..')) return undefined;
  return segments.map((segment) => encodeURIComponent(segment)).join('/');
}

export interface SarifLocation {
  physicalLocation?: {
    artifactLocation: { uri: string; uriBaseId: string };
    region: { startLine: number };
  };
  logicalLocations: { name: string; fullyQualifiedName: string; kind: string }[];
}

export function sarifLocation(row: ReportRow): SarifLocation {
  const uri = repoRelativeUri(row.iac.repo, row.iac.path);
  const logical = [{ name: row.resource.name, fullyQualifiedName: row.resource.key, kind: 'resource' }];
  if (!uri) return { logicalLocations: logical };
  return {
    // A known file with an unknown line is pinned to line 1: GitHub needs a region to annotate.
    physicalLocation: { artifactLocation: { uri, uriBaseId: SRCROOT }, region: { startLine: row.iac.line ?? 1 } },
    logicalLocations: logical,
  };
}

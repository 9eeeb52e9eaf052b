/**
 * Where a resource's code lives on disk. The iac location names the repo as a local path
 * (pulumi-program sources) or as `owner/name` (Pulumi stack `vcs:*` tags); the config file's
 * `repos:` map gives the local checkout for the latter.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

export type RepoMap = Record<string, { path: string }>;

export function resolveRepo(repo: string | undefined, repos: RepoMap, cwd: string): string | undefined {
  if (!repo) return undefined;
  const mapped = repos[repo];
  if (mapped) return resolve(cwd, mapped.path);
  if (isAbsolute(repo) && existsSync(resolve(repo, '.git'))) return repo;
  return undefined;
}

/**
 * Repo discovery: from the repo a resource's iac location names (a local path for pulumi-program
 * sources; `owner/name` from the Pulumi stack's `vcs:owner`/`vcs:repo` tags, with `vcs:root` already
 * folded into the iac path), to the forge that takes its PRs and the checkout sweep builds them in.
 *
 * Order: the config file's `repos:` entry (path, forge, remote, base) wins; then a stack's
 * `vcs:kind` tag when the caller has it (github.com → github, gitlab.* → gitlab, else local); then
 * a repo that is itself an absolute path to a git checkout is a `local` forge repo.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { ConfigFile } from '../config/file.ts';
import type { ForgeId, RepoRef } from '../forges/types.ts';

export type RepoSettingsMap = ConfigFile['repos'];

/** Maps a Pulumi `vcs:kind` tag (`github.com`, `gitlab.com`, a self-hosted host, `local`) to a forge. */
export function forgeOfVcsKind(kind: string | undefined): ForgeId | undefined {
  if (!kind) return undefined;
  const k = kind.toLowerCase();
  if (k === 'github' || k.includes('github')) return 'github';
  if (k === 'gitlab' || k.includes('gitlab')) return 'gitlab';
  if (k === 'local') return 'local';
  return undefined;
}

export interface DiscoverInput {
  /** iac.repo of the batch's resources. */
  repo?: string;
  /** The stack's tags, when known (`vcs:owner`, `vcs:repo`, `vcs:kind`). */
  stackTags?: Record<string, string>;
}

export function discoverRepo(input: DiscoverInput, repos: RepoSettingsMap, cwd: string): RepoRef | undefined {
  const tags = input.stackTags ?? {};
  const name = input.repo ?? (tags['vcs:owner'] && tags['vcs:repo'] ? `${tags['vcs:owner']}/${tags['vcs:repo']}` : undefined);
  if (!name) return undefined;
  const settings = repos[name];
  if (settings) {
    return {
      forge: settings.forge ?? forgeOfVcsKind(tags['vcs:kind']) ?? 'local',
      name,
      checkout: resolve(cwd, settings.path),
      remote: settings.remote,
      base: settings.base,
    };
  }
  if (isAbsolute(name) && existsSync(join(name, '.git'))) return { forge: 'local', name, checkout: name };
  return undefined;
}

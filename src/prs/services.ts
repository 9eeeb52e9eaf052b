/**
 * Everything the PR machinery needs, built once from configuration and passed in: the store, the
 * forges, the config file's `prs`/`repos`/`forges` sections, who acts, a clock, and (in workers)
 * the queue operations it may trigger. No module keeps a client of its own.
 */
import { dirname } from 'node:path';
import type { ConfigFile, PrSettings } from '../config/file.ts';
import type { Store } from '../db/store.ts';
import { createForgeRegistry, type ForgeSettings } from '../forges/index.ts';
import type { Forge, ForgeId, GitIdentity } from '../forges/types.ts';
import type { PlannedBatch } from '../remediation/plan.ts';
import type { RepoSettingsMap } from './repo-target.ts';

/** Queue work the PR code may start; absent where no queue is open (then nothing is deferred). */
export interface PrQueue {
  /** A `sync-prs` job at `at` (scheduled PRs open then). */
  syncAt(at: Date): Promise<void>;
  /** Enqueues a run's fix flows (regeneration of stale fixes). */
  enqueueRun(runId: number, batches: PlannedBatch[]): Promise<void>;
}

export interface PrServices {
  store: Store;
  forge(id: ForgeId): Promise<Forge>;
  settings: PrSettings;
  repos: RepoSettingsMap;
  /** Directory `repos:` paths are relative to (the config file's). */
  cwd: string;
  actor: string;
  author: GitIdentity;
  now(): Date;
  queue?: PrQueue;
}

export interface BuildPrServicesInput {
  store: Store;
  file: ConfigFile & { path?: string };
  env: NodeJS.ProcessEnv;
  /** GITHUB_TOKEN from the global config (env), used unless forges.github.tokenEnv names another. */
  githubToken?: string;
  cwd: string;
  actor: string;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  queue?: PrQueue;
}

export function buildPrServices(input: BuildPrServicesInput): PrServices {
  const { file, env } = input;
  const forgeSettings = (id: 'github' | 'gitlab', fallbackEnv: string, fallbackToken?: string): ForgeSettings => {
    const s = file.forges[id];
    const token = s?.tokenEnv ? env[s.tokenEnv] : (fallbackToken ?? env[fallbackEnv]);
    return { url: s?.url, token: token || undefined, maxWaitMs: s?.maxWaitSeconds === undefined ? undefined : s.maxWaitSeconds * 1000 };
  };
  const now = input.now ?? (() => new Date());
  const forge = createForgeRegistry({
    db: input.store,
    settings: { github: forgeSettings('github', 'GITHUB_TOKEN', input.githubToken), gitlab: forgeSettings('gitlab', 'GITLAB_TOKEN') },
    sleep: input.sleep,
    now: () => now().getTime(),
  });
  return {
    store: input.store,
    forge,
    settings: file.prs,
    repos: file.repos,
    // Repo paths in the config file are relative to the file itself.
    cwd: file.path ? dirname(file.path) : input.cwd,
    actor: input.actor,
    author: file.prs.author,
    now,
    queue: input.queue,
  };
}

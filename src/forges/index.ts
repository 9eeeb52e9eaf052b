/**
 * The forge registry: an explicit map from forge id to the factory that builds it. Hosted forges
 * load their client library on first use (gitbeaker alone costs ~300 ms at start), so commands
 * that never talk to GitHub or GitLab do not pay for them.
 */
import type { SqlExecutor } from '../db/store.ts';
import { createLocalForge } from './local/index.ts';
import type { Forge, ForgeId } from './types.ts';

export interface ForgeSettings {
  /** API root (github: `https://api.github.com` or GHE `https://<host>/api/v3`; gitlab: the instance URL). */
  url?: string;
  token?: string;
  /** Longest rate-limit wait served in-process before the PR is scheduled instead. */
  maxWaitMs?: number;
}

export interface ForgeContext {
  db: SqlExecutor;
  settings: Partial<Record<ForgeId, ForgeSettings>>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

type ForgeFactory = (context: ForgeContext) => Promise<Forge>;

export const FORGES = {
  local: async (context) => createLocalForge({ db: context.db }),
  github: async (context) => {
    const { createGithubForge } = await import('./github/index.ts');
    const s = context.settings.github ?? {};
    return createGithubForge({ baseUrl: s.url, token: s.token, maxWaitMs: s.maxWaitMs, sleep: context.sleep, now: context.now });
  },
  gitlab: async (context) => {
    const { createGitlabForge } = await import('./gitlab/index.ts');
    const s = context.settings.gitlab ?? {};
    return createGitlabForge({ host: s.url, token: s.token, maxWaitMs: s.maxWaitMs, sleep: context.sleep, now: context.now });
  },
} satisfies Record<ForgeId, ForgeFactory>;

export const FORGE_IDS = Object.keys(FORGES) as ForgeId[];

/** Builds each forge once per context (clients keep connections and rate-limit state). */
export function createForgeRegistry(context: ForgeContext): (id: ForgeId) => Promise<Forge> {
  const built = new Map<ForgeId, Promise<Forge>>();
  return (id) => {
    let forge = built.get(id);
    if (!forge) {
      forge = FORGES[id](context);
      built.set(id, forge);
    }
    return forge;
  };
}

export type { Forge, ForgeId } from './types.ts';

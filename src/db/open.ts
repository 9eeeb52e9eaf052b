import { join, resolve } from 'node:path';
import type { Store } from './store.ts';
import { openPostgres } from './postgres.ts';
import { openPglite } from './pglite.ts';

export interface StoreConfig {
  /** node-postgres when set. */
  databaseUrl?: string;
  /** sweep's home (`.sweep`): the embedded database lives in `<home>/pglite`. */
  home: string;
  migrate?: boolean;
}

/** Opens the configured store and brings its schema up to date (migrations apply on first use). */
export async function openStore(config: StoreConfig): Promise<Store> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, { migrate: config.migrate });
  return openPglite(join(resolve(config.home), 'pglite'), { migrate: config.migrate });
}

import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import * as schema from './schema/index.ts';
import { MIGRATIONS_FOLDER } from './migrate.ts';
import { chunkLines, type Database, type Store, type Tx } from './store.ts';
import { SweepError } from '../errors.ts';

/**
 * Embedded PostgreSQL (PGlite) in `dataDir`, or in memory for `memory://`. One process owns the
 * directory at a time; the queue reaches it through pglite-socket when it needs connections.
 */
export async function openPglite(dataDir: string, options: { migrate?: boolean } = {}): Promise<Store> {
  let client: PGlite;
  try {
    if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
    client = await PGlite.create(dataDir);
    if (options.migrate !== false) await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (error) {
    throw new SweepError('db-unavailable', `cannot open the embedded database in ${dataDir}: ${(error as Error).message}`, {
      hint: 'is another sweep process using it? Stop it, or point SWEEP_HOME elsewhere',
      cause: error,
    });
  }
  const db = drizzle(client, { schema }) as unknown as Database;
  return {
    kind: 'pglite',
    location: dataDir,
    db,
    embedded: client,
    async query(text, params) {
      return (await client.query(text, params as unknown[])).rows as any[];
    },
    async transaction(fn) {
      return client.transaction(async (inner) => {
        const tx: Tx = {
          async query(text, params) {
            return (await inner.query(text, params as unknown[])).rows as any[];
          },
          async copyFrom(copySql, lines) {
            // PGlite has no COPY FROM STDIN; it reads a Blob mounted at /dev/blob instead.
            const fromBlob = copySql.replace(/from\s+stdin/i, "FROM '/dev/blob'");
            await inner.query(fromBlob, [], { blob: new Blob([...chunkLines(lines)]) });
          },
        };
        return fn(tx);
      });
    },
    async close() {
      await client.close();
    },
  };
}

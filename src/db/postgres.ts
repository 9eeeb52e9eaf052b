import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import * as schema from './schema/index.ts';
import { MIGRATIONS_FOLDER } from './migrate.ts';
import { chunkLines, type Database, type Store, type Tx } from './store.ts';
import { SweepError } from '../errors.ts';

// bigint columns (ids, scan numbers) fit comfortably in a double for any real backlog.
pg.types.setTypeParser(20, (value) => Number(value));

/** The URL as it may be printed: never with its password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres (unparseable DATABASE_URL)';
  }
}

// Any fixed number works; it only has to be the same for every sweep process on the server.
const MIGRATION_LOCK = 727_465_001;

export async function openPostgres(url: string, options: { migrate?: boolean; max?: number } = {}): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 4 });
  const location = redactUrl(url);
  // An idle connection the server closes (restart, admin termination) emits an error on the pool;
  // the pool drops that client and opens a new one on the next query, so there is nothing to crash for.
  pool.on('error', () => {});
  try {
    const probe = await pool.connect();
    try {
      if (options.migrate !== false) {
        // Two processes starting at once must not both apply the same migration.
        await probe.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        try {
          await migrate(drizzle(probe, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
        } finally {
          await probe.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
        }
      }
    } finally {
      probe.release();
    }
  } catch (error) {
    await pool.end().catch(() => {});
    throw new SweepError('db-unavailable', `cannot use the database at ${location}: ${(error as Error).message}`, {
      hint: 'check DATABASE_URL and that the server is running, or unset DATABASE_URL to use the embedded database',
      cause: error,
    });
  }

  const db = drizzle(pool, { schema }) as unknown as Database;
  return {
    kind: 'postgres',
    location,
    db,
    async query(text, params) {
      return (await pool.query(text, params as unknown[])).rows;
    },
    async transaction(fn) {
      const client = await pool.connect();
      const tx: Tx = {
        async query(text, params) {
          return (await client.query(text, params as unknown[])).rows;
        },
        async copyFrom(copySql, lines) {
          const stream = client.query(copyStreams.from(copySql));
          await pipeline(Readable.from(chunkLines(lines)), stream);
        },
      };
      try {
        await client.query('begin');
        const result = await fn(tx);
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

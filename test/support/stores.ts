/**
 * Real databases for tests: a fresh Postgres database per call on the local server (dropped on
 * close), or an in-memory PGlite. Both get the real migrations.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import type { Store } from '../../src/db/store.ts';

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `sweep_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export interface TestStore {
  store: Store;
  close(): Promise<void>;
}

export const BACKENDS = ['postgres', 'pglite'] as const;
export type Backend = (typeof BACKENDS)[number];

export async function openTestStore(backend: Backend): Promise<TestStore> {
  if (backend === 'pglite') {
    const store = await openPglite('memory://');
    return { store, close: () => store.close() };
  }
  const database = await createTestDatabase();
  const store = await openPostgres(database.url);
  return {
    store,
    async close() {
      await store.close();
      await database.drop();
    },
  };
}

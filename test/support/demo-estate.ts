/**
 * The demo estate (a real git repo with the sample Pulumi program and its stack export) scanned
 * into a fresh Postgres database, with a sweep.yaml that maps the stack's repo to the checkout.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogs, rules } from '../../policies/index.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import type { Store } from '../../src/db/store.ts';
import { createDemoEstate, type DemoEstate } from '../../src/demo/estate.ts';
import { syncLibrary } from '../../src/engine/library.ts';
import { runScan } from '../../src/engine/scan.ts';
import { sourceRegistry } from '../../src/sources/index.ts';
import { createTestDatabase, type TestDatabase } from './stores.ts';

export interface ScannedDemo {
  dir: string;
  estate: DemoEstate;
  database: TestDatabase;
  store: Store;
  close(): Promise<void>;
}

export async function scannedDemo(): Promise<ScannedDemo> {
  const dir = await mkdtemp(join(tmpdir(), 'sweep-e2e-'));
  const estate = await createDemoEstate(join(dir, 'demo'));
  await writeFile(join(dir, 'sweep.yaml'), `repos:\n  acme/acme-infra:\n    path: demo/acme-infra\n`);
  const database = await createTestDatabase();
  const store = await openPostgres(database.url);
  await syncLibrary(store, rules, catalogs);
  await runScan(
    { store, sources: sourceRegistry, context: { cwd: dir } },
    { sources: [{ kind: 'pulumi-state', target: estate.exportPath }], rules, packs: [], trigger: 'manual', actor: 'test' },
  );
  return {
    dir,
    estate,
    database,
    store,
    async close() {
      await store.close();
      await database.drop();
    },
  };
}

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/postgres.ts';
import type { Store } from '../../src/db/store.ts';
import { exportReport, writeFileAtomically } from '../../src/reports/index.ts';
import { sweep } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/stores.ts';
import { buildBacklog, SCRIPT_NAME } from './support/backlog.ts';
import { csvObjects } from './support/formats.ts';

let dir: string;
let database: TestDatabase;
let store: Store;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sweep-report-'));
  database = await createTestDatabase();
  store = await openPostgres(database.url);
  await buildBacklog(store);
  env = { DATABASE_URL: database.url, SWEEP_ACTOR: 'test' };
});

afterAll(async () => {
  await store.close();
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

/** The store, except that the cursor's fetch number `n` fails the way a dropped connection does. */
function failingOnFetch(inner: Store, n: number): Store {
  return {
    ...inner,
    transaction: (fn) =>
      inner.transaction((tx) => {
        let fetches = 0;
        return fn({
          ...tx,
          query: async (text, params) => {
            if (text.startsWith('fetch') && ++fetches === n) throw new Error('Connection terminated unexpectedly');
            return tx.query(text, params);
          },
        });
      }),
  };
}

describe('sweep report', () => {
  it('writes --out atomically and says what it wrote', async () => {
    const result = await sweep(['report', '--format', 'csv', '--out', 'exports/backlog.csv'], { env, cwd: dir });
    // The directory must exist: the export refuses rather than guessing.
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot write .*exports\/backlog\.csv/);

    const ok = await sweep(['report', '--format', 'csv', '--severity', 'critical', '--out', 'critical.csv'], { env, cwd: dir });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const rows = csvObjects(await readFile(join(dir, 'critical.csv'), 'utf8'));
    expect(ok.stdout).toBe(`wrote csv report of ${rows.length} violations to critical.csv\n`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.severity === 'critical')).toBe(true);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('streams to stdout without --out, with the same filters as sweep violations', async () => {
    const result = await sweep(['report', '--format', 'json', '--framework', 'pci-dss', '--status', 'open'], { env, cwd: dir });
    expect(result.code).toBe(0);
    const doc = result.json();
    expect(doc.filter).toEqual({ framework: 'pci-dss', status: ['open'] });
    expect(doc.violations.length).toBeGreaterThan(0);
    expect(doc.violations.every((v: any) => v.status === 'open' && v.controls.join() === 'pci-dss:3.5.1')).toBe(true);
    expect(doc.violations.map((v: any) => v.resource.name)).toContain(SCRIPT_NAME);

    const sarif = await sweep(['report', '--format', 'sarif'], { env, cwd: dir });
    expect(sarif.code).toBe(0);
    expect(JSON.parse(sarif.stdout).version).toBe('2.1.0');
  });

  it('rejects usage errors with exit 2 before touching the database or the output', async () => {
    const noFramework = await sweep(['report', '--format', 'html', '--out', 'x.html'], { env, cwd: dir });
    expect(noFramework.code).toBe(2);
    expect(noFramework.stderr).toMatch(/--framework/);
    const badFormat = await sweep(['report', '--format', 'xlsx'], { env, cwd: dir });
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/--format must be one of csv, json, sarif, ocsf, oscal, html/);
    const noFormat = await sweep(['report'], { env, cwd: dir });
    expect(noFormat.code).toBe(2);
    const badFilter = await sweep(['report', '--format', 'csv', '--severity', 'urgent'], { env, cwd: dir });
    expect(badFilter.code).toBe(2);
    expect((await readdir(dir)).includes('x.html')).toBe(false);
  });

  it('an export that fails midway leaves no file, no temporary file, and an existing file untouched', async () => {
    const path = join(dir, 'previous.csv');
    await writeFile(path, 'the previous, complete export\r\n');
    let written = 0;
    await expect(
      writeFileAtomically(path, (target) =>
        // Batches of 2 rows: the first fetches succeed and reach the file, the third fetch fails.
        exportReport(failingOnFetch(store, 3), { format: 'csv', filter: {}, batchSize: 2 }, {
          write: (chunk: string) => {
            written += chunk.length;
            return target.write(chunk);
          },
        }),
      ),
    ).rejects.toThrow(/Connection terminated/);
    expect(written).toBeGreaterThan(0);
    expect(await readFile(path, 'utf8')).toBe('the previous, complete export\r\n');
    expect((await readdir(dir)).filter((name) => name.includes('previous.csv'))).toEqual(['previous.csv']);

    const fresh = join(dir, 'never.json');
    await expect(
      writeFileAtomically(fresh, (target) => exportReport(failingOnFetch(store, 2), { format: 'json', filter: {}, batchSize: 3 }, target)),
    ).rejects.toThrow(/Connection terminated/);
    expect((await readdir(dir)).filter((name) => name.includes('never.json'))).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalogs, rules } from '../../policies/index.ts';
import type { Store } from '../../src/db/store.ts';
import { syncLibrary } from '../../src/engine/library.ts';
import { assignViolations } from '../../src/violations/assign.ts';
import { compactCounts, installBacklogAggregates, readCounts } from '../../src/violations/counts.ts';
import { OPEN_STATUSES } from '../../src/violations/filter.ts';
import { backlogOverview } from '../../src/violations/overview.ts';
import { BACKENDS, createTestDatabase, openTestStore, type TestStore } from '../support/stores.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { scanFixtures } from './support.ts';

async function truth(store: Store): Promise<string[]> {
  const rows = await store.query<{ policy_id: string; severity: string; status: string; n: string }>(
    'select policy_id, severity, status, count(*) as n from violations group by 1, 2, 3',
  );
  return rows.map((r) => `${r.policy_id}|${r.severity}|${r.status}|${Number(r.n)}`).sort();
}

async function counted(store: Store): Promise<string[]> {
  return (await readCounts(store)).map((r) => `${r.policy}|${r.severity}|${r.status}|${r.n}`).sort();
}

describe.each(BACKENDS)('trigger-maintained backlog counts on %s', (backend) => {
  let db: TestStore;
  beforeEach(async () => {
    db = await openTestStore(backend);
    await syncLibrary(db.store, rules, catalogs);
  });
  afterEach(async () => {
    await db.close();
  });

  it('installs on an existing backlog (counts rebuilt, burndown backfilled from events) and stays exact through every kind of write', async () => {
    const { store } = db;
    await scanFixtures(store);
    const installed = await installBacklogAggregates(store);
    expect(installed).toEqual({ rebuilt: true, backfilled: 1 });
    expect(await installBacklogAggregates(store)).toEqual({ rebuilt: false, backfilled: 0 });
    expect(await counted(store)).toEqual(await truth(store));
    const [snapshot] = await store.query<{ open: number }>('select open from backlog_snapshots where scan_id = 1');
    expect(snapshot.open).toBe(31);

    await assignViolations(store, { severity: ['high'] }, 'ai', 'test');
    await store.query(`update violations set status = 'resolved' where id % 4 = 0`);
    await store.query(`update violations set severity = 'critical' where id % 9 = 0`);
    await store.query(`update violations set due_at = now() - interval '2 days' where id % 2 = 0`);
    await store.query(`delete from violations where id = 3`);
    // A rescan: reopens the resolved ones, and its snapshot is taken by the scans trigger.
    const second = await scanFixtures(store);
    expect(await counted(store)).toEqual(await truth(store));
    const [after] = await store.query<{ open: number }>('select open from backlog_snapshots where scan_id = $1', [second]);
    const [open] = await store.query<{ n: string }>('select count(*) as n from violations where status = any($1::text[])', [OPEN_STATUSES]);
    expect(after.open).toBe(Number(open.n));

    const overview = await backlogOverview(store);
    const [breached] = await store.query<{ n: string }>('select count(*) as n from violations where status = any($1::text[]) and due_at < now()', [OPEN_STATUSES]);
    expect(overview.sla.breached).toBe(Number(breached.n));
    expect(overview.open).toBe(Number(open.n));

    const [before] = await store.query<{ n: string }>('select count(*) as n from violation_count_deltas');
    await compactCounts(store);
    const [compacted] = await store.query<{ n: string }>('select count(*) as n from violation_count_deltas');
    expect(Number(compacted.n)).toBeLessThan(Number(before.n));
    expect(await counted(store)).toEqual(await truth(store));
    expect((await backlogOverview(store)).sla).toEqual(overview.sla);
  });
});

describe('count deltas under concurrent writers (postgres)', () => {
  it('never makes one writer wait for another: deltas are appended, not counters updated in place', async () => {
    const database = await createTestDatabase();
    const store = await openPostgres(database.url);
    const a = new pg.Client({ connectionString: database.url });
    const b = new pg.Client({ connectionString: database.url });
    try {
      await syncLibrary(store, rules, catalogs);
      await installBacklogAggregates(store);
      await scanFixtures(store);
      await a.connect();
      await b.connect();
      const [first, second] = (await store.query<{ id: number }>(`select id from violations where policy_id in (select policy_id from violations group by 1 having count(*) > 1) order by policy_id, id limit 2`)).map((r) => Number(r.id));
      await a.query('begin');
      await a.query(`update violations set status = 'assigned', assignee = 'x' where id = $1`, [first]);
      // Same (policy, severity, status) key, other row, other transaction: commits while `a` is still open.
      await b.query('set statement_timeout = 2000');
      await b.query(`update violations set status = 'assigned', assignee = 'y' where id = $1`, [second]);
      await a.query('commit');
      expect(await counted(store)).toEqual(await truth(store));
    } finally {
      await a.end();
      await b.end();
      await store.close();
      await database.drop();
    }
  });
});

describe('schema', () => {
  it('spells the open statuses of the partial indexes exactly as OPEN_STATUSES', () => {
    const sql = readFileSync(new URL('../../migrations/0000_init.sql', import.meta.url), 'utf8');
    const predicate = /violations_open_age_idx.* in \(([^)]*)\)/.exec(sql)![1];
    expect(predicate.split(',').map((s) => s.trim().replaceAll("'", ''))).toEqual([...OPEN_STATUSES]);
  });
});

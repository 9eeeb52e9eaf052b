/**
 * Exceptions through the scan engine: a suppressed violation the scan still sees stays
 * suppressed (out of the open backlog, still listed), one it no longer sees resolves, and an
 * expired one reopens at the start of the next scan with an event.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/store.ts';
import { runScan } from '../../src/engine/scan.ts';
import type { SourceDocument } from '../../src/sources/resource.ts';
import { listViolations } from '../../src/violations/list.ts';
import { summarizeBacklog } from '../../src/violations/summary.ts';
import { expireSuppressions, suppressViolations } from '../../src/violations/suppress.ts';
import { bucket, documentOf, flagRule, inlineSource } from '../support/inline.ts';
import { BACKENDS, openTestStore, type TestStore } from '../support/stores.ts';

const encrypted = flagRule('bucket-encrypted', 'encrypted');
const scope = 'pulumi:acme/prod';

function scan(store: Store, resources: ReturnType<typeof bucket>[]) {
  const docs: Record<string, SourceDocument[]> = { s: [documentOf(scope, resources)] };
  return runScan(
    { store, sources: new Map([['inline', inlineSource(docs)]]), context: { cwd: process.cwd() } },
    { sources: [{ kind: 'inline', target: 's' }], rules: [encrypted], packs: [], trigger: 'manual', actor: 'test' },
  );
}

async function byResource(store: Store): Promise<Record<string, string>> {
  const rows = await store.query<{ resource_key: string; status: string }>('select resource_key, status from violations order by resource_key');
  return Object.fromEntries(rows.map((r) => [r.resource_key.split(':').at(-1)!, r.status]));
}

async function eventsOf(store: Store, name: string) {
  return store.query<{ from_status: string | null; to_status: string; reason: string }>(
    `select e.from_status, e.to_status, e.reason from violation_events e join violations v on v.id = e.violation_id
     where v.resource_key = $1 order by e.id`,
    [`${scope}:${name}`],
  );
}

describe.each(BACKENDS)('suppressions through reconciliation on %s', (backend) => {
  let db: TestStore;
  beforeEach(async () => {
    db = await openTestStore(backend);
  });
  afterEach(async () => {
    await db.close();
  });

  it('keeps a suppressed violation suppressed while seen, resolves it when gone, reopens it after expiry', async () => {
    const { store } = db;
    const estate = [bucket(scope, 'logs', {}), bucket(scope, 'data', {}), bucket(scope, 'tmp', {})];
    await scan(store, estate);
    const now = new Date();
    const ids = (await listViolations(store, {}, 10)).filter((v) => v.resource.name !== 'logs').map((v) => v.id);
    const suppressed = await suppressViolations(
      store,
      { filter: { ids }, reason: 'scratch buckets, no data', approvedBy: 'ciso', expiresAt: new Date(now.getTime() + 86_400_000), actor: 'test' },
      now,
    );
    expect(suppressed).toMatchObject({ matched: 2, changed: 2 });
    expect((await summarizeBacklog(store)).total).toBe(1);

    // Seen again: still suppressed, no transition, last seen moves on.
    const second = await scan(store, estate);
    expect(second.counts).toMatchObject({ new: 0, open: 3, reopened: 0, resolved: 0 });
    expect(await byResource(store)).toEqual({ data: 'suppressed', logs: 'open', tmp: 'suppressed' });
    expect((await eventsOf(store, 'data')).map((e) => e.to_status)).toEqual(['open', 'suppressed']);
    const [seen] = await store.query<{ last_seen_scan: number | string }>(`select last_seen_scan from violations where resource_key = $1`, [`${scope}:data`]);
    expect(Number(seen.last_seen_scan)).toBe(second.scanId);
    expect((await listViolations(store, { status: ['suppressed'] }, 10)).map((v) => v.resource.name).sort()).toEqual(['data', 'tmp']);
    expect((await summarizeBacklog(store)).total).toBe(1);

    // tmp is deleted: a suppressed violation that is gone resolves like any other.
    await scan(store, estate.slice(0, 2));
    expect(await byResource(store)).toEqual({ data: 'suppressed', logs: 'open', tmp: 'resolved' });

    // The expiry passes (moved into the past rather than waiting): the next scan reopens `data` first.
    await store.query(`update suppressions set expires_at = now() - interval '1 minute' where id = $1`, [suppressed.suppressionId]);
    await scan(store, estate.slice(0, 2));
    expect(await byResource(store)).toEqual({ data: 'open', logs: 'open', tmp: 'resolved' });
    expect((await eventsOf(store, 'data')).at(-1)).toMatchObject({ from_status: 'suppressed', to_status: 'open' });
    expect((await summarizeBacklog(store)).total).toBe(2);
    expect(await expireSuppressions(store, 'test')).toBe(0);
  });

  it('a permanent suppression never expires on its own', async () => {
    const { store } = db;
    await scan(store, [bucket(scope, 'logs', {})]);
    const result = await suppressViolations(store, { filter: { policy: ['bucket-encrypted'] }, reason: 'accepted for good', approvedBy: 'ciso', expiresAt: null, actor: 'test' });
    expect(result.changed).toBe(1);
    const [row] = await store.query<{ expires_at: Date | null }>('select expires_at from suppressions where id = $1', [result.suppressionId]);
    expect(row.expires_at).toBeNull();
    expect((await eventsOf(store, 'logs')).at(-1)?.reason).toMatch(/^suppressed permanently \(approved by ciso\): accepted for good$/);
    expect(await expireSuppressions(store, 'test', new Date('2099-01-01'))).toBe(0);
    await scan(store, [bucket(scope, 'logs', {})]);
    expect(await byResource(store)).toEqual({ logs: 'suppressed' });
  });
});

/** Claims for the same sources serialize on the advisory lock: of many at once, exactly one wins. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimScan } from '../../src/schedules/claim.ts';
import { BACKENDS, openTestStore, type TestStore } from '../support/stores.ts';

describe.each(BACKENDS)('claiming sources for a scheduled scan on %s', (backend) => {
  let db: TestStore;
  beforeEach(async () => {
    db = await openTestStore(backend);
  });
  afterEach(async () => {
    await db.close();
  });

  it('lets exactly one of several concurrent claims through, whatever the source order', async () => {
    const { store } = db;
    const hour = 60 * 60_000;
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        claimScan(store, { labels: i % 2 ? ['connection:prod', 'pulumi-state:/a'] : ['pulumi-state:/a', 'connection:prod'], packs: [], staleAfterMs: hour }),
      ),
    );
    const won = claims.filter((c) => c.ok);
    expect(won).toHaveLength(1);
    const scanId = won[0].ok ? won[0].scanId : 0;
    for (const lost of claims.filter((c) => !c.ok)) expect(lost).toMatchObject({ ok: false, code: 'already-running', runningScanId: scanId });

    // Other sources are not blocked; a superset of the sources is a different scan.
    expect((await claimScan(store, { labels: ['pulumi-state:/b'], packs: [], staleAfterMs: hour })).ok).toBe(true);
    expect((await claimScan(store, { labels: ['pulumi-state:/a', 'connection:prod', 'pulumi-state:/b'], packs: [], staleAfterMs: hour })).ok).toBe(true);
    // Once the scan finished, the sources are free again.
    await store.query(`update scans set status = 'succeeded', finished_at = now() where id = $1`, [scanId]);
    expect((await claimScan(store, { labels: ['connection:prod', 'pulumi-state:/a'], packs: [], staleAfterMs: hour })).ok).toBe(true);
    const [row] = await store.query<{ trigger: string; sources: string[] }>('select trigger, sources from scans where id = $1', [scanId]);
    expect(row).toEqual({ trigger: 'schedule', sources: ['connection:prod', 'pulumi-state:/a'] });
  });
});

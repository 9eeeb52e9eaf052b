/** Creation limits on real Postgres and PGlite: counted and reserved atomically, held PRs get a time. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reserveSlot } from '../../src/prs/limits.ts';
import { classifyRisk } from '../../src/prs/risk.ts';
import { decideApproval } from '../../src/prs/approval.ts';
import { BACKENDS, openTestStore, type TestStore } from '../support/stores.ts';

const NOW = new Date('2026-03-02T10:00:00Z');
const minutes = (m: number) => new Date(NOW.getTime() + m * 60_000);

async function pr(store: TestStore['store'], repo: string, branch: string, state = 'scheduled', openedAt: Date | null = null): Promise<number> {
  const [row] = await store.query<{ id: number }>(
    `insert into pull_requests (forge, repo, branch, batch_key, title, body, state, opened_at) values ('local', $1, $2, $2, '', '', $3, $4) returning id`,
    [repo, branch, state, openedAt],
  );
  return Number(row.id);
}

for (const backend of BACKENDS) {
  describe(`PR limits on ${backend}`, () => {
    let t: TestStore;
    beforeAll(async () => {
      t = await openTestStore(backend);
    });
    afterAll(async () => {
      await t.close();
    });

    it('new PRs per hour per repo: holds the third until the oldest of the hour is an hour old; waiting PRs queue behind', async () => {
      const limits = { openPerRepo: 0, newPerHourPerRepo: 2, fleetPerMinute: 0 };
      await pr(t.store, 'hourly', 'a', 'open', minutes(-50));
      await pr(t.store, 'hourly', 'b', 'open', minutes(-20));
      const c = await pr(t.store, 'hourly', 'c');
      const d = await pr(t.store, 'hourly', 'd');
      const held = await reserveSlot(t.store, { prId: c, forge: 'local', repo: 'hourly', limits, now: NOW, recheckMs: 900_000 });
      expect(held).toMatchObject({ ok: false, heldBy: 'new-per-hour', until: minutes(10) });
      await t.store.query(`update pull_requests set held_by = 'new-per-hour' where id = $1`, [c]);
      expect(await reserveSlot(t.store, { prId: d, forge: 'local', repo: 'hourly', limits, now: NOW, recheckMs: 900_000 })).toMatchObject({ ok: false, until: minutes(40) });
      // At its time, c gets the slot (and its opened_at is the reservation).
      expect(await reserveSlot(t.store, { prId: c, forge: 'local', repo: 'hourly', limits, now: minutes(10), recheckMs: 900_000 })).toEqual({ ok: true });
      const [row] = await t.store.query<{ opened_at: Date | string }>('select opened_at from pull_requests where id = $1', [c]);
      expect(new Date(row.opened_at)).toEqual(minutes(10));
    });

    it('open PRs per repo counts open PRs (and reserved ones) of that repo only', async () => {
      const limits = { openPerRepo: 2, newPerHourPerRepo: 0, fleetPerMinute: 0 };
      await pr(t.store, 'open-a', 'x', 'open', minutes(-600));
      await pr(t.store, 'open-a', 'y', 'open', minutes(-500));
      await pr(t.store, 'open-b', 'x', 'open', minutes(-500));
      const waiting = await pr(t.store, 'open-a', 'z');
      expect(await reserveSlot(t.store, { prId: waiting, forge: 'local', repo: 'open-a', limits, now: NOW, recheckMs: 900_000 })).toMatchObject({ ok: false, heldBy: 'open-per-repo', until: minutes(15) });
      const other = await pr(t.store, 'open-b', 'z');
      expect(await reserveSlot(t.store, { prId: other, forge: 'local', repo: 'open-b', limits, now: NOW, recheckMs: 900_000 })).toEqual({ ok: true });
    });

    it('fleet-wide creations per minute across repos, reserved atomically under concurrency', async () => {
      const limits = { openPerRepo: 0, newPerHourPerRepo: 0, fleetPerMinute: 3 };
      const now = minutes(24 * 60);
      const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => pr(t.store, `fleet-${i}`, 'p')));
      const results = await Promise.all(ids.map((prId, i) => reserveSlot(t.store, { prId, forge: 'local', repo: `fleet-${i}`, limits, now, recheckMs: 900_000 })));
      expect(results.filter((r) => r.ok)).toHaveLength(3);
      const held = results.filter((r) => !r.ok);
      expect(held.every((r) => !r.ok && r.heldBy === 'fleet-per-minute' && r.until.getTime() === now.getTime() + 60_000)).toBe(true);
    });
  });
}

describe('risk classes and approval modes', () => {
  const urn = (type: string, name: string) => `urn:pulumi:dev::p::${type}::${name}`;
  it('IAM, network exposure and replacement are risky; a versioning flag is not', () => {
    expect(classifyRisk({ policyId: 'aws-iam-password-policy-min-length', resourceTypes: ['aws:iam/accountPasswordPolicy:AccountPasswordPolicy'], propertyDiff: {} }).map((r) => r.class)).toEqual(['iam']);
    expect(classifyRisk({ policyId: 'aws-rds-instance-not-public', resourceTypes: ['aws:rds/instance:Instance'], propertyDiff: { [urn('aws:rds/instance:Instance', 'db')]: { publiclyAccessible: [true, false] } } }).map((r) => r.class)).toEqual(['network']);
    expect(classifyRisk({ policyId: 'aws-rds-instance-encrypted', resourceTypes: ['aws:rds/instance:Instance'], propertyDiff: { [urn('aws:rds/instance:Instance', 'db')]: { storageEncrypted: [false, true] } } })).toEqual([{ class: 'replacement', reason: 'replaces db (storageEncrypted cannot change in place)' }]);
    expect(classifyRisk({ policyId: 'aws-s3-bucket-versioning', resourceTypes: ['aws:s3/bucket:Bucket'], propertyDiff: { [urn('aws:s3/bucket:Bucket', 'b')]: { versioning: [undefined, { enabled: true }] } } })).toEqual([]);
  });
  it('manual drafts everything, balanced only the risky, auto nothing', () => {
    const risky = [{ class: 'iam' as const, reason: 'IAM change (x)' }];
    expect(decideApproval('manual', [])).toEqual({ draft: true, approval: 'pending', reason: 'manual approval mode' });
    expect(decideApproval('balanced', risky)).toEqual({ draft: true, approval: 'pending', reason: 'IAM change (x)' });
    expect(decideApproval('balanced', [])).toEqual({ draft: false, approval: 'not-required' });
    expect(decideApproval('auto', risky)).toEqual({ draft: false, approval: 'not-required' });
  });
});

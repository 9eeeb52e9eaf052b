import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScan } from '../../src/engine/scan.ts';
import { assignViolations, previewAssignment } from '../../src/violations/assign.ts';
import { cancelRun, createRun, pendingBatches, runProgress } from '../../src/remediation/runs.ts';
import { BACKENDS, openTestStore, type TestStore } from '../support/stores.ts';
import { bucket, documentOf, flagRule, inlineSource } from '../support/inline.ts';

const encrypted = flagRule('bucket-encrypted', 'encrypted', 'high');
const versioned = flagRule('bucket-versioned', 'versioned', 'low');

describe.each(BACKENDS)('assignment and remediation runs on %s', (backend) => {
  let db: TestStore;
  beforeEach(async () => {
    db = await openTestStore(backend);
    const a = 'pulumi:acme/dev';
    const resources = Array.from({ length: 7 }, (_, i) => ({ ...bucket(a, `b${i}`, {}), iac: { kind: 'pulumi' as const, repo: 'acme/infra', stack: 'dev', path: 'index.ts', line: i + 1 } }));
    await runScan(
      { store: db.store, sources: new Map([['inline', inlineSource({ s: [documentOf(a, resources)] })]]), context: { cwd: process.cwd() } },
      { sources: [{ kind: 'inline', target: 's' }], rules: [encrypted, versioned], packs: [], trigger: 'manual', actor: 'test' },
    );
  });
  afterEach(async () => {
    await db.close();
  });

  it('assigns by filter in one transaction, one event per violation, and audits it', async () => {
    const { store } = db;
    expect((await previewAssignment(store, { policy: ['bucket-encrypted'] })).matched).toBe(7);
    const first = await assignViolations(store, { policy: ['bucket-encrypted'] }, 'ai', 'alice', 'bulk burn-down');
    expect(first).toMatchObject({ matched: 7, changed: 7 });
    const again = await assignViolations(store, { policy: ['bucket-encrypted'] }, 'ai', 'alice');
    expect(again).toMatchObject({ matched: 7, changed: 0 });
    const events = await store.query<{ n: number | string }>(`select count(*) as n from violation_events where to_status = 'assigned' and actor = 'alice'`);
    expect(Number(events[0].n)).toBe(7);
    // Only unassignable statuses asked for: nothing moves (not "any status").
    expect(await assignViolations(store, { status: ['resolved'] }, 'bob', 'alice')).toMatchObject({ matched: 0, changed: 0 });
    const audit = await store.query<{ action: string; target: string; details: { changed: number } }>(`select action, target, details from audit_log where target = 'ai'`);
    expect(audit.map((a) => [a.action, a.target, a.details.changed])).toEqual([
      ['violations.assign', 'ai', 7],
      ['violations.assign', 'ai', 0],
    ]);
  });

  it('creates a run with one ledger row per group, queues its violations, and cancels cleanly', async () => {
    const { store } = db;
    await assignViolations(store, {}, 'ai', 'alice');
    const created = await createRun(store, { filter: {}, actor: 'alice', groupSize: 3, maxViolations: 10 });
    expect(created).toMatchObject({ violations: 10, groups: 4 });
    // 7 high (encrypted) first, then 3 of the 7 low ones.
    expect(created.batches.map((b) => [b.policyId, b.groups.map((g) => g.violationIds.length)])).toEqual([
      ['bucket-encrypted', [3, 3, 1]],
      ['bucket-versioned', [3]],
    ]);
    const progress = await runProgress(store, created.runId);
    expect(progress).toMatchObject({ status: 'queued', groups: { queued: 4 }, violations: { queued: 10 }, finished: false });
    expect((await pendingBatches(store, created.runId)).map((b) => b.groups.length)).toEqual([3, 1]);

    expect(await cancelRun(store, created.runId, 'bob')).toBe(10);
    expect(await runProgress(store, created.runId)).toMatchObject({ status: 'cancelled', groups: { cancelled: 4 }, violations: { assigned: 10 }, finished: true });
    // A second run picks the same violations up again.
    expect((await createRun(store, { filter: {}, actor: 'alice' })).violations).toBe(14);
  });
});

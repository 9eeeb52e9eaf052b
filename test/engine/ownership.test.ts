import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScan } from '../../src/engine/scan.ts';
import { listViolations } from '../../src/violations/list.ts';
import type { Ownership } from '../../src/violations/ownership.ts';
import { BACKENDS, openTestStore, type TestStore } from '../support/stores.ts';
import { bucket, documentOf, flagRule, inlineSource } from '../support/inline.ts';

const encrypted = flagRule('bucket-encrypted', 'encrypted', 'critical');
const versioned = flagRule('bucket-versioned', 'versioned', 'low');

describe.each(BACKENDS)('ownership rules and SLAs on %s', (backend) => {
  let db: TestStore;
  beforeEach(async () => {
    db = await openTestStore(backend);
  });
  afterEach(async () => {
    await db.close();
  });

  it('assigns new violations by the first matching rule and sets the due date from the SLA', async () => {
    const { store } = db;
    const a = 'pulumi:acme/dev';
    const tagged = { ...bucket(a, 'ledger', {}), tags: { owner: 'ledger-team' } };
    const other = { ...bucket(a, 'scratch', {}), account: '999999999999' };
    const ownership: Ownership = {
      rules: [{ fromTag: 'owner' }, { match: { account: ['999999999999'], policy: ['bucket-enc*'] }, owner: 'sandbox-admins' }],
      slas: { critical: 3 },
    };
    const started = Date.now();
    await runScan(
      { store, sources: new Map([['inline', inlineSource({ s: [documentOf(a, [tagged, other])] })]]), context: { cwd: process.cwd() } },
      { sources: [{ kind: 'inline', target: 's' }], rules: [encrypted, versioned], packs: [], trigger: 'manual', actor: 'test', ownership },
    );
    const rows = await store.query<{ policy_id: string; resource_key: string; status: string; assignee: string | null; due_at: Date }>(
      'select policy_id, resource_key, status, assignee, due_at from violations order by policy_id, resource_key',
    );
    expect(rows.map((r) => [r.policy_id, r.resource_key.split(':').pop(), r.status, r.assignee])).toEqual([
      ['bucket-encrypted', 'ledger', 'assigned', 'ledger-team'],
      ['bucket-encrypted', 'scratch', 'assigned', 'sandbox-admins'],
      ['bucket-versioned', 'ledger', 'assigned', 'ledger-team'],
      ['bucket-versioned', 'scratch', 'open', null],
    ]);
    const days = (r: { due_at: Date }) => Math.round((new Date(r.due_at).getTime() - started) / 86_400_000);
    expect(rows.map(days)).toEqual([3, 3, 180, 180]);

    // Overdue: move one due date into the past.
    await store.query(`update violations set due_at = now() - interval '1 day' where assignee = 'sandbox-admins'`);
    const overdue = await listViolations(store, { overdue: true }, 100);
    expect(overdue.map((v) => v.assignee)).toEqual(['sandbox-admins']);
    const events = await store.query<{ reason: string }>(`select reason from violation_events where to_status = 'assigned' order by id`);
    expect(events[0].reason).toMatch(/assigned to ledger-team by an ownership rule/);
  });
});

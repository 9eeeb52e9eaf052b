/**
 * Publishing batches to the local forge: one branch per batch, one commit per fix group on the
 * current base, idempotent updates (the fingerprint), approval modes, limits and scheduling,
 * regeneration when the base moved, a branch a person pushed to, and sync moving violations.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { git } from '../../src/forges/local/git.ts';
import { approvePr, closePr, mergePr } from '../../src/prs/actions.ts';
import { publishBatch } from '../../src/prs/publish.ts';
import { getPr, listPrs } from '../../src/prs/records.ts';
import { syncPullRequests } from '../../src/prs/sync.ts';
import { DATABASE_FIXED, gitAsPerson, prWorld, STORAGE_ASSETS_FIXED, STORAGE_BOTH_FIXED, STORAGE_FIXED, type PrWorld } from './fixture.ts';

let w: PrWorld;
beforeEach(async () => {
  w = await prWorld('pglite');
});
afterEach(async () => {
  await w.close();
});

const BUCKET = 'aws:s3/bucket:Bucket';
const RDS = 'aws:rds/instance:Instance';

async function statuses(ids: number[]): Promise<string[]> {
  const rows = await w.store.query<{ status: string }>('select status from violations where id = any($1::bigint[]) order by id', [ids]);
  return rows.map((r) => r.status);
}

async function audit(prId: number): Promise<string[]> {
  return (await w.store.query<{ action: string }>(`select action from audit_log where target = $1 order by id`, [`pr ${prId}`])).map((r) => r.action);
}

describe('publishBatch on the local forge', () => {
  it('opens one PR per batch with one commit per fix group on the base, and does nothing when nothing changed', async () => {
    const first = await w.addFix({ policyId: 'aws-s3-bucket-versioning', resources: [{ name: 'logs', type: BUCKET, path: 'infra/storage.ts', line: 3 }], files: { 'infra/storage.ts': STORAGE_FIXED }, groupKey: 'acme/acme-infra|dev|aws-s3-bucket-versioning|part1' });
    const second = await w.addFix({ policyId: 'aws-s3-bucket-versioning', resources: [{ name: 'assets', type: BUCKET, path: 'infra/storage.ts', line: 7 }], files: { 'infra/storage.ts': STORAGE_ASSETS_FIXED }, groupKey: 'acme/acme-infra|dev|aws-s3-bucket-versioning|part2' });
    const services = w.services();
    const outcome = await publishBatch(services, { batchKey: first.batchKey, runId: second.runId });
    expect(outcome).toMatchObject({ action: 'opened', draft: false, violations: 2 });
    const pr = (await getPr(w.store, (outcome as { prId: number }).prId))!;
    expect(pr).toMatchObject({ state: 'open', branch: 'sweep/aws-s3-bucket-versioning/dev', baseBranch: 'main', fixIds: [first.fixId, second.fixId], approval: 'not-required' });

    // Two commits, authored by sweep, on top of main; main and the working tree untouched.
    const log = await git(w.repoDir, ['log', '--format=%ae %s', `main..${pr.branch}`]);
    expect(log.split('\n')).toHaveLength(2);
    expect(log).toMatch(/^sweep@sweep\.invalid fix\(aws-s3-bucket-versioning\)/m);
    expect(await git(w.repoDir, ['show', `${pr.branch}:infra/storage.ts`])).toBe(STORAGE_BOTH_FIXED.trimEnd());
    expect(await git(w.repoDir, ['status', '--porcelain'])).toBe('');
    expect(await git(w.repoDir, ['symbolic-ref', '--short', 'HEAD'])).toBe('main');

    // The body: violations, controls, verification, property diff, how to reproduce.
    expect(pr.body).toContain('### Violations fixed');
    expect(pr.body).toMatch(/\| `logs` \| `aws:s3\/bucket:Bucket` \| `aws-s3-bucket-versioning` \|/);
    expect(pr.body).toContain('### Controls closed');
    expect(pr.body).toContain('### Verification');
    expect(pr.body).toContain('### Property changes');
    expect(pr.body).toContain('npx sweep scan --source pulumi-program:infra');
    const linked = await w.store.query<{ n: number | string }>('select count(*) as n from violations where pull_request_id = $1', [pr.id]);
    expect(Number(linked[0].n)).toBe(2);
    expect(await audit(pr.id)).toEqual(['pr.open']);

    const again = await publishBatch(services, { batchKey: first.batchKey });
    expect(again).toMatchObject({ action: 'unchanged', prId: pr.id });
    expect(await git(w.repoDir, ['rev-parse', pr.branch])).toBe(pr.headSha);
    expect(await audit(pr.id)).toEqual(['pr.open']);
  });

  it('adds a later run\'s fix of the same batch to the same PR (updated, not a second PR)', async () => {
    const first = await w.addFix({ policyId: 'aws-s3-bucket-versioning', resources: [{ name: 'logs', type: BUCKET, path: 'infra/storage.ts', line: 3 }], files: { 'infra/storage.ts': STORAGE_FIXED } });
    const services = w.services();
    const opened = await publishBatch(services, { batchKey: first.batchKey, runId: first.runId });
    const more = await w.addFix({ policyId: 'aws-s3-bucket-versioning', resources: [{ name: 'assets', type: BUCKET, path: 'infra/storage.ts', line: 7 }], files: { 'infra/storage.ts': STORAGE_ASSETS_FIXED } });
    const updated = await publishBatch(services, { batchKey: more.batchKey, runId: more.runId });
    expect(updated).toMatchObject({ action: 'updated', prId: (opened as { prId: number }).prId, violations: 2 });
    expect(await listPrs(w.store)).toHaveLength(1);
    const local = await w.store.query<{ body: string }>('select body from local_pull_requests');
    expect(local).toHaveLength(1);
    expect(local[0].body).toContain('2 violations');
  });

  it('manual approval: drafts whose violations wait in fix_proposed until approved; merge refuses before', async () => {
    const fix = await w.addFix({ policyId: 'aws-s3-bucket-versioning', approval: 'manual', resources: [{ name: 'logs', type: BUCKET, path: 'infra/storage.ts', line: 3 }], files: { 'infra/storage.ts': STORAGE_FIXED } });
    const services = w.services();
    const outcome = await publishBatch(services, { batchKey: fix.batchKey, runId: fix.runId });
    expect(outcome).toMatchObject({ action: 'opened', draft: true });
    const prId = (outcome as { prId: number }).prId;
    expect(await getPr(w.store, prId)).toMatchObject({ draft: true, approval: 'pending', approvalReason: 'manual approval mode' });
    expect(await mergePr(services, prId)).toMatchObject({ ok: false, code: 'not-approved' });
    expect(await statuses(fix.violationIds)).toEqual(['fix_proposed']);

    expect(await approvePr(services, prId)).toMatchObject({ ok: true });
    expect(await getPr(w.store, prId)).toMatchObject({ draft: false, approval: 'approved', approvedBy: 'test:prs' });
    expect((await w.store.query<{ draft: boolean }>('select draft from local_pull_requests'))[0].draft).toBe(false);
    expect(await audit(prId)).toEqual(['pr.open', 'pr.approve']);
  });

  it('balanced approval: network exposure is a draft, a versioning change is ready; auto: everything ready', async () => {
    const risky = await w.addFix({ policyId: 'aws-rds-instance-not-public', approval: 'balanced', resources: [{ name: 'analytics-db', type: RDS, path: 'infra/database.ts', line: 3 }], files: { 'infra/database.ts': DATABASE_FIXED }, propertyDiff: { [`urn:pulumi:dev::acme-payments::${RDS}::analytics-db`]: { publiclyAccessible: [true, false] } } });
    const plain = await w.addFix({ policyId: 'aws-s3-bucket-versioning', approval: 'balanced', resources: [{ name: 'logs', type: BUCKET, path: 'infra/storage.ts', line: 3 }], files: { 'infra/storage.ts': STORAGE_FIXED } });
    const services = w.services();
    const a = await publishBatch(services, { batchKey: risky.batchKey, runId: risky.runId });
    const b = await publishBatch(services, { batchKey: plain.batchKey, runId: plain.runId });
    expect(a).toMatchObject({ action: 'opened', draft: true });
    expect(b).toMatchObject({ action: 'opened', draft: false });
    expect((await getPr(w.store, (a as { prId: number }).prId))!.approvalReason).toMatch(/network exposure change \(publiclyAccessible\)/);
    expect((await getPr(w.store, (a as { prId: number }).prId))!.body).toContain('Draft awaiting approval');

    const auto = await prWorld('pglite');
    try {
      const fix = await auto.addFix({ policyId: 'aws-rds-instance-not-public', approval: 'auto', resources: [{ name: 'analytics-db', type: RDS, path: 'infra/database.ts', line: 3 }], files: { 'infra/database.ts': DATABASE_FIXED }, propertyDiff: { [`urn:pulumi:dev::acme-payments::${RDS}::analytics-db`]: { publiclyAccessible: [true, false] } } });
      expect(await publishBatch(auto.services(), { batchKey: fix.batchKey, runId: fix.runId })).toMatchObject({ action: 'opened', draft: false });
    } finally {
      await auto.close();
    }
  });

  it('holds PRs beyond the hourly limit as scheduled with when they open, and opens them when a sync finds them due', async () => {
    const services = w.services({ prs: { limits: { openPerRepo: 10, newPerHourPerRepo: 1, fleetPerMinute: 100 } } });
    const one = await w.addFix({ policyId: 'aws-s3-bucket-versioning', resources: [{ name: 'logs', type: BUCKET, path: 'infra/storage.ts', line: 3 }], files: { 'infra/storage.ts': STORAGE_FIXED } });
    const two = await w.addFix({ policyId: 'aws-rds-instance-not-public', approval: 'auto', resources: [{ name: 'analytics-db', type: RDS, path: 'infra/database.ts', line: 3 }], files: { 'infra/database.ts': DATABASE_FIXED } });
    expect(await publishBatch(services, { batchKey: one.batchKey, runId: one.runId })).toMatchObject({ action: 'opened' });
    const held = await publishBatch(services, { batchKey: two.batchKey, runId: two.runId });
    expect(held).toMatchObject({ action: 'scheduled', heldBy: 'new-per-hour' });
    const until = (held as { until: Date }).until;
    expect(until.toISOString()).toBe('2026-03-02T11:00:00.000Z');
    expect(w.queue.syncAt.map((d) => d.toISOString())).toEqual([until.toISOString()]);
    const record = (await getPr(w.store, (held as { prId: number }).prId))!;
    expect(record).toMatchObject({ state: 'scheduled', heldBy: 'new-per-hour', number: null });
    expect(record.body).toContain('analytics-db');
    expect(await git(w.repoDir, ['branch', '--list', 'sweep/aws-rds-instance-not-public/dev'])).toBe('');

    w.clock.now = new Date('2026-03-02T10:30:00Z');
    expect((await syncPullRequests(services)).published).toEqual([]);
    w.clock.now = new Date('2026-03-02T11:00:01Z');
    const sync = await syncPullRequests(services);
    expect(sync.published).toEqual([{ prId: record.id, action: 'opened' }]);
    expect(await getPr(w.store, record.id)).toMatchObject({ state: 'open', heldBy: null, scheduledFor: null });
  });

  it('holds beyond the open-PR limit per repo until a sync after one closes', async () => {
    const services = w.services({ prs: { limits: { openPerRepo: 1, newPerHourPerRepo: 0, fleetPerMinute: 0 }, syncEveryMinutes: 15 } });
    const one = await w.addFix({ policyId: 'aws-s3-bucket-versioning', resources: [{ name: 'logs', type: BUCKET, path: 'infra/storage.ts', line: 3 }], files: { 'infra/storage.ts': STORAGE_FIXED } });
    const two = await w.addFix({ policyId: 'aws-rds-instance-not-public', approval: 'auto', resources: [{ name: 'analytics-db', type: RDS, path: 'infra/database.ts', line: 3 }], files: { 'infra/database.ts': DATABASE_FIXED } });
    const first = await publishBatch(services, { batchKey: one.batchKey, runId: one.runId });
    const held = await publishBatch(services, { batchKey: two.batchKey, runId: two.runId });
    expect(held).toMatchObject({ action: 'scheduled', heldBy: 'open-per-repo', until: new Date('2026-03-02T10:15:00Z') });
    expect((await closePr(services, (first as { prId: number }).prId, 'not now')).ok).toBe(true);
    w.clock.now = new Date('2026-03-02T10:15:00Z');
    expect((await syncPullRequests(services)).published).toEqual([{ prId: (held as { prId: number }).prId, action: 'opened' }]);
  });

  it('regenerates fixes made on an older base instead of rebasing them', async () => {
    const fix = await w.addFix({ policyId: 'aws-s3-bucket-versioning', resources: [{ name: 'logs', type: BUCKET, path: 'infra/storage.ts', line: 3 }], files: { 'infra/storage.ts': STORAGE_FIXED } });
    await w.store.query(`update violations set assignee = 'ai'`);
    const moved = await w.commitToBase({ 'infra/README.md': 'a person documented the program\n' });
    const outcome = await publishBatch(w.services(), { batchKey: fix.batchKey, runId: fix.runId });
    expect(outcome).toMatchObject({ action: 'regenerating', fixes: 1 });
    // The stale patch is never put on a branch; its violations are queued again as a new run on the new base.
    expect(await git(w.repoDir, ['branch', '--list', 'sweep/*'])).toBe('');
    expect(await statuses(fix.violationIds)).toEqual(['queued']);
    expect(w.queue.runs).toHaveLength(1);
    expect(w.queue.runs[0].batches.map((b) => b.batchKey)).toEqual([fix.batchKey]);
    const events = await w.store.query<{ reason: string }>(`select reason from violation_events where violation_id = $1 and to_status = 'assigned'`, [fix.violationIds[0]]);
    expect(events[0].reason).toMatch(new RegExp(`base main moved to ${moved.slice(0, 7)}.*regenerating`));
    const pr = (await listPrs(w.store))[0];
    expect(pr).toMatchObject({ state: 'scheduled', heldBy: 'regenerating' });
    expect(await audit(pr.id)).toEqual(['pr.regenerate']);
  });

  it('refuses to regenerate while the checkout is not at the base (the new fix would be just as stale)', async () => {
    const fix = await w.addFix({ policyId: 'aws-s3-bucket-versioning', resources: [{ name: 'logs', type: BUCKET, path: 'infra/storage.ts', line: 3 }], files: { 'infra/storage.ts': STORAGE_FIXED } });
    await w.commitToBase({ 'infra/README.md': 'x\n' });
    await gitAsPerson(w.repoDir, ['checkout', '-q', '--detach', 'HEAD~1']);
    const outcome = await publishBatch(w.services(), { batchKey: fix.batchKey, runId: fix.runId });
    expect(outcome).toMatchObject({ action: 'failed', code: 'checkout-behind' });
    expect(await statuses(fix.violationIds)).toEqual(['fix_proposed']);
  });

  it('never touches a branch a person pushed to; new fixes of the batch go to needs_human', async () => {
    const fix = await w.addFix({ policyId: 'aws-s3-bucket-versioning', resources: [{ name: 'logs', type: BUCKET, path: 'infra/storage.ts', line: 3 }], files: { 'infra/storage.ts': STORAGE_FIXED } });
    const services = w.services();
    const opened = await publishBatch(services, { batchKey: fix.batchKey, runId: fix.runId });
    const prId = (opened as { prId: number }).prId;
    const branch = 'sweep/aws-s3-bucket-versioning/dev';
    await gitAsPerson(w.repoDir, ['checkout', '-q', branch]);
    await gitAsPerson(w.repoDir, ['commit', '-q', '--allow-empty', '-m', 'tweak by hand']);
    const personHead = await w.head();
    await gitAsPerson(w.repoDir, ['checkout', '-q', 'main']);

    const sync = await syncPullRequests(services);
    expect(sync.personPushed).toEqual([prId]);
    const later = await w.addFix({ policyId: 'aws-s3-bucket-versioning', resources: [{ name: 'assets', type: BUCKET, path: 'infra/storage.ts', line: 7 }], files: { 'infra/storage.ts': STORAGE_ASSETS_FIXED } });
    const outcome = await publishBatch(services, { batchKey: later.batchKey, runId: later.runId });
    expect(outcome).toMatchObject({ action: 'skipped', code: 'pushed-by-person' });
    expect(await git(w.repoDir, ['rev-parse', branch])).toBe(personHead);
    expect(await statuses(later.violationIds)).toEqual(['needs_human']);
    expect(await statuses(fix.violationIds)).toEqual(['fix_proposed']);
    expect((await getPr(w.store, prId))!.pushedByPerson).toBe('Acme Platform Team <platform@acme.example>');
  });
});

describe('sync and PR actions on the local forge', () => {
  it('merge is a real git merge into main; its violations become fix_merged with an event each', async () => {
    const fix = await w.addFix({ policyId: 'aws-s3-bucket-versioning', resources: [{ name: 'logs', type: BUCKET, path: 'infra/storage.ts', line: 3 }], files: { 'infra/storage.ts': STORAGE_FIXED } });
    const services = w.services();
    const opened = await publishBatch(services, { batchKey: fix.batchKey, runId: fix.runId });
    const prId = (opened as { prId: number }).prId;
    const merged = await mergePr(services, prId);
    expect(merged).toMatchObject({ ok: true, summary: { merged: [prId], violations: { fix_merged: 1 } } });
    expect(await git(w.repoDir, ['log', '-1', '--format=%s %p'])).toMatch(/^Merge pull request #\d+ from sweep\/aws-s3-bucket-versioning\/dev [0-9a-f]+ [0-9a-f]+$/);
    expect(await git(w.repoDir, ['show', 'main:infra/storage.ts'])).toBe(STORAGE_FIXED.trimEnd());
    expect(await statuses(fix.violationIds)).toEqual(['fix_merged']);
    const events = await w.store.query<{ from_status: string; to_status: string; actor: string }>('select from_status, to_status, actor from violation_events where violation_id = $1', [fix.violationIds[0]]);
    expect(events).toEqual([{ from_status: 'fix_proposed', to_status: 'fix_merged', actor: 'test:prs' }]);
    expect(await audit(prId)).toEqual(['pr.open', 'pr.merge', 'pr.merged']);
    const log = await w.store.query<{ actor: string; details: { run: number } }>(`select actor, details from audit_log where target = $1`, [`pr ${prId}`]);
    expect(log.every((row) => row.actor === 'test:prs' && row.details.run === fix.runId)).toBe(true);
  });

  it('a PR closed without merging sends its violations back to open with the reason', async () => {
    const fix = await w.addFix({ policyId: 'aws-s3-bucket-versioning', resources: [{ name: 'logs', type: BUCKET, path: 'infra/storage.ts', line: 3 }], files: { 'infra/storage.ts': STORAGE_FIXED } });
    const services = w.services();
    const opened = await publishBatch(services, { batchKey: fix.batchKey, runId: fix.runId });
    const prId = (opened as { prId: number }).prId;
    // Closed "on the forge" (the local record), then read by a sync.
    await w.store.query(`update local_pull_requests set state = 'closed', closed_reason = 'the bucket is being deleted next week', closed_at = now()`);
    const sync = await syncPullRequests(services);
    expect(sync).toMatchObject({ closed: [prId], violations: { open: 1 } });
    expect(await statuses(fix.violationIds)).toEqual(['open']);
    const [v] = await w.store.query<{ reason: string }>('select reason from violations where id = $1', [fix.violationIds[0]]);
    expect(v.reason).toMatch(/closed without merging: the bucket is being deleted next week/);
    expect(await getPr(w.store, prId)).toMatchObject({ state: 'closed', closedReason: 'the bucket is being deleted next week' });
  });

  it('records failing checks on the PR and logs them once per head', async () => {
    const fix = await w.addFix({ policyId: 'aws-s3-bucket-versioning', resources: [{ name: 'logs', type: BUCKET, path: 'infra/storage.ts', line: 3 }], files: { 'infra/storage.ts': STORAGE_FIXED } });
    const base = w.services();
    const opened = await publishBatch(base, { batchKey: fix.batchKey, runId: fix.runId });
    const prId = (opened as { prId: number }).prId;
    // The local forge runs no CI: stand in for one that reports a failing check run.
    const withCi = {
      ...base,
      async forge(id: 'local' | 'github' | 'gitlab') {
        const forge = await base.forge(id);
        return {
          ...forge,
          async readPr(repo: Parameters<typeof forge.readPr>[0], n: number) {
            const status = await forge.readPr(repo, n);
            return status.ok ? { ...status, checks: { state: 'failure' as const, runs: [{ name: 'pulumi preview', status: 'completed', conclusion: 'failure' }] } } : status;
          },
        };
      },
    };
    expect((await syncPullRequests(withCi)).checksFailed).toEqual([prId]);
    expect((await syncPullRequests(withCi)).checksFailed).toEqual([]);
    const pr = (await getPr(w.store, prId))!;
    expect(pr.checks).toMatchObject({ state: 'failure', runs: [{ name: 'pulumi preview', conclusion: 'failure' }] });
    expect(pr.lastError).toMatch(/checks failing .*pulumi preview/);
    expect((await audit(prId)).filter((a) => a === 'pr.checks-failed')).toHaveLength(1);
  });

  it('a forge that rate-limits schedules the PR for when it says', async () => {
    const fix = await w.addFix({ policyId: 'aws-s3-bucket-versioning', resources: [{ name: 'logs', type: BUCKET, path: 'infra/storage.ts', line: 3 }], files: { 'infra/storage.ts': STORAGE_FIXED } });
    const base = w.services();
    const retryAt = new Date('2026-03-02T10:42:00Z');
    const limited = {
      ...base,
      async forge(id: 'local' | 'github' | 'gitlab') {
        const forge = await base.forge(id);
        return { ...forge, openPr: async () => ({ ok: false as const, code: 'rate-limited' as const, message: 'secondary rate limit', hint: 'later', retryAt }) };
      },
    };
    const outcome = await publishBatch(limited, { batchKey: fix.batchKey, runId: fix.runId });
    expect(outcome).toMatchObject({ action: 'scheduled', heldBy: 'forge-rate-limit', until: retryAt });
    expect(w.queue.syncAt).toEqual([retryAt]);
    const pr = (await listPrs(w.store))[0];
    expect(pr).toMatchObject({ state: 'scheduled', openedAt: null, scheduledFor: retryAt });
    w.clock.now = new Date('2026-03-02T10:43:00Z');
    expect((await syncPullRequests(base)).published).toEqual([{ prId: pr.id, action: 'opened' }]);
  });
});

describe('fixes of one batch that conflict', () => {
  it('publishes the first and hands the one whose patch no longer applies to a person', async () => {
    const base = await w.head();
    const first = await w.addFix({ policyId: 'aws-s3-bucket-versioning', base, resources: [{ name: 'logs', type: BUCKET, path: 'infra/storage.ts', line: 3 }], files: { 'infra/storage.ts': STORAGE_FIXED }, groupKey: 'acme/acme-infra|dev|aws-s3-bucket-versioning|part1' });
    // Made on the same base, touching the same lines differently: verified alone, conflicting together.
    const clash = await w.addFix({ policyId: 'aws-s3-bucket-versioning', base, resources: [{ name: 'assets', type: BUCKET, path: 'infra/storage.ts', line: 7 }], files: { 'infra/storage.ts': STORAGE_FIXED.replace('versioning: { enabled: true },', 'versioning: { enabled: true, mfaDelete: false },') }, groupKey: 'acme/acme-infra|dev|aws-s3-bucket-versioning|part2' });
    const outcome = await publishBatch(w.services(), { batchKey: first.batchKey });
    expect(outcome).toMatchObject({ action: 'opened', violations: 1 });
    expect(await statuses([...first.violationIds, ...clash.violationIds])).toEqual(['fix_proposed', 'needs_human']);
    const [v] = await w.store.query<{ reason: string }>('select reason from violations where id = $1', [clash.violationIds[0]]);
    expect(v.reason).toMatch(/does not apply after the other fixes on sweep\/aws-s3-bucket-versioning\/dev/);
  });
});

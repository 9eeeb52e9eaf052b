import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireSuppressions } from '../../src/violations/suppress.ts';
import { auditRows, insertPendingPr, startApiFixture, type ApiFixture } from './support.ts';

let api: ApiFixture;
let operator: string;
let admin: string;
const write = (method: string, path: string, body?: unknown, token = api.tokens.operator) => api.call(method, path, { token, body });

beforeAll(async () => {
  api = await startApiFixture();
  operator = `api:${api.names.operator}`;
  admin = `api:${api.names.admin}`;
});
afterAll(async () => {
  await api?.close();
});

async function statusCounts(where = 'true'): Promise<Record<string, number>> {
  const rows = await api.store.query<{ status: string; n: string }>(`select status, count(*) as n from violations where ${where} group by 1`);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

describe('API writes, each audited under the token name', () => {
  it('assign: previews the count, then moves the rows matching a filter, with events and one audit row', async () => {
    const [expected] = await api.store.query<{ n: string }>(`select count(*) as n from violations where severity = 'medium' and status = 'open'`);
    const preview = await write('POST', '/api/v1/violations/assign', { filter: { severity: ['medium'] }, to: 'payments-team', dryRun: true });
    expect(preview.body).toEqual({ matched: Number(expected.n), changed: 0, dryRun: true });
    expect((await statusCounts(`assignee = 'payments-team'`)).assigned).toBeUndefined();

    const done = await write('POST', '/api/v1/violations/assign', { filter: { severity: ['medium'] }, to: 'payments-team', reason: 'Q3 burn-down' });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ matched: Number(expected.n), changed: Number(expected.n), dryRun: false });
    expect(await statusCounts(`assignee = 'payments-team'`)).toEqual({ assigned: Number(expected.n) });
    const [events] = await api.store.query<{ n: string }>(`select count(*) as n from violation_events where actor = $1 and to_status = 'assigned'`, [operator]);
    expect(Number(events.n)).toBe(Number(expected.n));
    const again = await write('POST', '/api/v1/violations/assign', { filter: { severity: ['medium'] }, to: 'payments-team' });
    expect(again.body).toMatchObject({ matched: Number(expected.n), changed: 0 });
  });

  it('assign: takes a list of ids, and refuses both or neither of filter and ids', async () => {
    const ids = (await api.store.query<{ id: number }>(`select id from violations where severity = 'low' order by id limit 3`)).map((r) => Number(r.id));
    const done = await write('POST', '/api/v1/violations/assign', { ids, to: 'bob@example.com' });
    expect(done.body).toMatchObject({ matched: 3, changed: 3 });
    expect(await statusCounts(`assignee = 'bob@example.com'`)).toEqual({ assigned: 3 });
    const both = await write('POST', '/api/v1/violations/assign', { ids, filter: {}, to: 'x' });
    expect(both.status).toBe(400);
    expect(both.body.error.message).toMatch(/either "filter" or "ids"/);
    expect((await write('POST', '/api/v1/violations/assign', { to: 'x' })).status).toBe(400);
    expect((await write('POST', '/api/v1/violations/assign', { ids, to: 'not valid!' })).status).toBe(400);
    expect((await write('POST', '/api/v1/violations/assign', { filter: { severity: ['nope'] }, to: 'x' })).body.error.message).toMatch(/^body\.filter\.severity\.0/);
    // Statuses that cannot be assigned match nothing (instead of everything).
    expect((await write('POST', '/api/v1/violations/assign', { filter: { status: ['resolved'] }, to: 'x' })).body).toMatchObject({ matched: 0, changed: 0 });
  });

  it('suppress: needs a reason, an approver and a future expiry; moves rows to suppressed; expiry brings them back', async () => {
    const filter = { policy: ['k8s-workload-no-privileged'] };
    expect((await write('POST', '/api/v1/violations/suppress', { filter, approvedBy: 'ciso', expiresAt: '2099-01-01' })).status).toBe(400);
    expect((await write('POST', '/api/v1/violations/suppress', { filter, reason: 'accepted', expiresAt: '2099-01-01' })).status).toBe(400);
    const past = await write('POST', '/api/v1/violations/suppress', { filter, reason: 'accepted risk', approvedBy: 'ciso', expiresAt: '2001-01-01' });
    expect(past.status).toBe(400);
    expect(past.body.error.code).toBe('suppression-expired');

    const before = (await api.call('GET', '/api/v1/summary', { token: api.tokens.viewer })).body.open;
    const preview = await write('POST', '/api/v1/violations/suppress', { filter, reason: 'legacy web tier, isolated network', approvedBy: 'ciso', expiresAt: '2099-01-01', dryRun: true });
    const done = await write('POST', '/api/v1/violations/suppress', { filter, reason: 'legacy web tier, isolated network', approvedBy: 'ciso', expiresAt: '2099-01-01' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ matched: preview.body.matched, changed: preview.body.matched, suppressionId: expect.any(Number) });
    expect(done.body.changed).toBeGreaterThan(0);
    const [row] = await api.store.query<{ reason: string; approved_by: string; created_by: string; expires_at: Date; filter: unknown }>(
      'select reason, approved_by, created_by, expires_at, filter from suppressions where id = $1',
      [done.body.suppressionId],
    );
    expect(row).toMatchObject({ reason: 'legacy web tier, isolated network', approved_by: 'ciso', created_by: operator, filter });
    expect(new Date(row.expires_at).toISOString()).toBe('2099-01-01T00:00:00.000Z');
    expect(await statusCounts(`policy_id = 'k8s-workload-no-privileged'`)).toEqual({ suppressed: done.body.changed });
    const after = (await api.call('GET', '/api/v1/summary', { token: api.tokens.viewer })).body;
    expect(after.open).toBe(before - done.body.changed);
    expect(after.byStatus.suppressed).toBe(done.body.changed);

    await api.store.query(`update suppressions set expires_at = now() - interval '1 minute' where id = $1`, [done.body.suppressionId]);
    expect(await expireSuppressions(api.store, 'system:test')).toBe(done.body.changed);
    expect(await statusCounts(`policy_id = 'k8s-workload-no-privileged'`)).toEqual({ open: done.body.changed });
  });

  it('remediation: assigns to ai, starts a run with its jobs on the queue, cancels and resumes it', async () => {
    const filter = { policy: ['aws-rds-instance-storage-encrypted', 'aws-s3-bucket-versioning'] };
    const preview = await write('POST', '/api/v1/remediations', { filter, assignToAi: true, dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body.violations).toBeGreaterThan(0);
    const started = await write('POST', '/api/v1/remediations', { filter, assignToAi: true, groupSize: 1 });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ runId: expect.any(Number), violations: preview.body.violations, groups: preview.body.violations });
    const { runId } = started.body;
    const counts = await api.queue.queue('fix').getJobCounts('waiting', 'prioritized');
    expect(counts.waiting + counts.prioritized).toBe(started.body.groups);

    const run = await api.call('GET', `/api/v1/remediations/${runId}`, { token: api.tokens.viewer });
    expect(run.body).toMatchObject({ id: runId, status: 'queued', createdBy: operator, progress: { groups: { queued: started.body.groups }, finished: false } });
    const listed = await api.call('GET', '/api/v1/remediations', { token: api.tokens.viewer });
    expect(listed.body.items[0].id).toBe(runId);

    const cancelled = await write('POST', `/api/v1/remediations/${runId}/cancel`);
    expect(cancelled.body).toEqual({ runId, returned: started.body.violations });
    const resumed = await write('POST', `/api/v1/remediations/${runId}/resume`);
    expect(resumed.body).toEqual({ runId, groups: started.body.groups });
    expect((await write('POST', '/api/v1/remediations/99999/cancel')).status).toBe(404);
    expect((await write('POST', '/api/v1/remediations', { filter, assignToAi: true }, api.tokens.viewer)).status).toBe(403);
  });

  it('scans: starts one in the background on the server sources, recorded with trigger api', async () => {
    const started = await write('POST', '/api/v1/scans', {});
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ scanId: expect.any(Number), status: 'running', sources: [expect.stringMatching(/^pulumi-state:/)] });
    await api.dashboard.deps.scans!.idle();
    const scans = await api.call('GET', '/api/v1/scans', { token: api.tokens.viewer });
    expect(scans.body.items[0]).toMatchObject({ id: started.body.scanId, trigger: 'api', status: 'succeeded' });
    const burndown = await api.call('GET', '/api/v1/burndown', { token: api.tokens.viewer });
    expect(burndown.body.points.map((p: { scanId: number | null }) => p.scanId)).toEqual([1, started.body.scanId, null]);
    const unknown = await write('POST', '/api/v1/scans', { connections: ['no-such-connection'] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('connection-not-found');
    expect((await write('POST', '/api/v1/scans', { packs: ['not-a-framework'] })).status).toBe(400);
  });

  it('pull requests: approves one held for approval, once', async () => {
    const id = await insertPendingPr(api);
    const listed = await api.call('GET', '/api/v1/prs?pending=true', { token: api.tokens.viewer });
    expect(listed.body.items).toEqual([expect.objectContaining({ id, approval: 'pending', draft: true, approvalReason: 'manual mode', violations: { total: 0, byStatus: {} } })]);
    const approved = await write('POST', `/api/v1/prs/${id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id, approval: 'approved', approvedBy: operator });
    const twice = await write('POST', `/api/v1/prs/${id}/approve`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('not-awaiting-approval');
    expect((await write('POST', '/api/v1/prs/424242/approve')).status).toBe(404);
  });

  it('admin: connections and queue pause/resume', async () => {
    const added = await write('POST', '/api/v1/connections', { name: 'production-aws', kind: 'aws', config: { regions: ['eu-west-1'] } }, api.tokens.admin);
    expect(added.status).toBe(201);
    expect((await write('POST', '/api/v1/connections', { name: 'k8s', kind: 'kubectl', config: { regions: ['eu-west-1'] } }, api.tokens.admin)).status).toBe(400);
    expect((await api.call('GET', '/api/v1/connections', { token: api.tokens.admin })).body.items).toEqual([expect.objectContaining({ name: 'production-aws', kind: 'aws' })]);
    expect((await write('DELETE', '/api/v1/connections/production-aws', undefined, api.tokens.admin)).status).toBe(200);
    expect((await write('DELETE', '/api/v1/connections/production-aws', undefined, api.tokens.admin)).status).toBe(404);
    expect((await write('POST', '/api/v1/admin/queues/fix/pause', undefined, api.tokens.admin)).body).toEqual({ queue: 'fix', paused: true });
    const ops = await api.call('GET', '/api/v1/admin/queues', { token: api.tokens.admin });
    expect(ops.body.queues.find((q: { queue: string }) => q.queue === 'fix')).toMatchObject({ paused: true, active: [], failed: [] });
    expect((await write('POST', '/api/v1/admin/queues/fix/resume', undefined, api.tokens.admin)).body).toEqual({ queue: 'fix', paused: false });
    expect((await write('POST', '/api/v1/admin/queues/nope/pause', undefined, api.tokens.admin)).status).toBe(404);
  });

  it('every write above is in the audit log, under the token name', async () => {
    const byOperator = (await auditRows(api.store, operator)).map((a) => a.action);
    expect(byOperator).toEqual([
      'violations.assign',
      'violations.assign',
      'violations.assign',
      'violations.suppress',
      'violations.assign',
      'remediation.create',
      'remediation.cancel',
      'remediation.resume',
      'scan.start',
      'pr.approve',
    ]);
    const suppress = (await auditRows(api.store, operator)).find((a) => a.action === 'violations.suppress')!;
    expect(suppress.details).toMatchObject({ reason: 'legacy web tier, isolated network', approvedBy: 'ciso', expiresAt: '2099-01-01T00:00:00.000Z' });
    expect((await auditRows(api.store, admin)).map((a) => a.action)).toEqual(['connection.add', 'connection.remove', 'queue.pause', 'queue.resume']);
  });
});

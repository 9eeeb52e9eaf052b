import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_STATUSES } from '../../src/violations/filter.ts';
import { summarizeBacklog } from '../../src/violations/summary.ts';
import { startApiFixture, type ApiFixture } from './support.ts';

let api: ApiFixture;
let get: (path: string) => Promise<any>;
beforeAll(async () => {
  api = await startApiFixture();
  get = async (path) => {
    const response = await api.call('GET', path, { token: api.tokens.viewer });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };
  // Spread the fixture's violations over statuses, owners and due dates so filters have something to tell apart.
  await api.store.query(`update violations set status = 'assigned', assignee = 'alice' where id % 5 = 0`);
  await api.store.query(`update violations set status = 'suppressed' where id % 7 = 0`);
  await api.store.query(`update violations set due_at = now() - interval '3 days' where id % 3 = 0`);
});
afterAll(async () => {
  await api?.close();
});

async function dbIds(where: string, params: unknown[] = [], order = `array_position(array['critical','high','medium','low']::text[], severity), id`): Promise<number[]> {
  const rows = await api.store.query<{ id: number }>(`select id from violations where ${where} order by ${order}`, params);
  return rows.map((r) => Number(r.id));
}

async function pages(path: string, limit: number): Promise<{ ids: number[]; pages: number }> {
  const ids: number[] = [];
  let cursor: string | null = null;
  let count = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const body = await get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    ids.push(...body.items.map((v: { id: number }) => v.id));
    cursor = body.nextCursor;
    count++;
  } while (cursor);
  return { ids, pages: count };
}

describe('API reads', () => {
  it('summary: open by severity and status, compliance per framework and SLA breaches match the database', async () => {
    const summary = await get('/api/v1/summary');
    const bySeverity = await api.store.query<{ severity: string; n: string }>(
      'select severity, count(*) as n from violations where status = any($1::text[]) group by 1',
      [OPEN_STATUSES],
    );
    for (const row of bySeverity) expect(summary.bySeverity[row.severity]).toBe(Number(row.n));
    expect(summary.open).toBe(bySeverity.reduce((n, r) => n + Number(r.n), 0));
    expect(summary.byStatus.suppressed).toBeGreaterThan(0);

    // The scan-time summary (a full scan of the table) and the counts-based one agree.
    const reference = await summarizeBacklog(api.store);
    for (const f of reference.byFramework) {
      const mine = summary.frameworks.find((x: { framework: string }) => x.framework === f.framework);
      expect(mine).toMatchObject({ violations: f.violations, failingControls: f.failingControls, coveredControls: f.coveredControls });
      expect(mine.score).toBeCloseTo((f.coveredControls - f.failingControls) / f.coveredControls, 4);
    }
    const [breached] = await api.store.query<{ n: string }>('select count(*) as n from violations where status = any($1::text[]) and due_at < now()', [OPEN_STATUSES]);
    expect(summary.sla.breached).toBe(Number(breached.n));
    expect(summary.sla.breached).toBeGreaterThan(0);
    const [oldest] = await dbIds('status = any($1::text[])', [OPEN_STATUSES], 'created_at, id');
    expect(summary.oldest[0].id).toBe(oldest);
  });

  it('violations: cursor pages walk every match exactly once, in order, for each sort', async () => {
    const all = await dbIds('true');
    const bySeverity = await pages('/api/v1/violations', 4);
    expect(bySeverity.ids).toEqual(all);
    expect(bySeverity.pages).toBe(Math.ceil(all.length / 4));
    expect((await pages('/api/v1/violations?sort=newest', 6)).ids).toEqual([...all].sort((a, b) => b - a));
    expect((await pages('/api/v1/violations?sort=oldest', 50)).ids).toEqual([...all].sort((a, b) => a - b));
    const first = await get('/api/v1/violations?limit=2');
    expect(first.items[0]).toMatchObject({ policy: expect.any(String), resource: { key: expect.any(String) }, controls: expect.any(Array), iac: expect.any(Object) });
  });

  it('violations: the CLI filters (lists repeated or comma-separated), and counts that agree with the pages', async () => {
    const cases: [string, string, unknown[]][] = [
      ['severity=high&severity=critical', `severity = any(array['high','critical'])`, []],
      ['severity=high,critical&status=open', `severity = any(array['high','critical']) and status = 'open'`, []],
      ['assignee=alice', `assignee = 'alice'`, []],
      ['status=suppressed', `status = 'suppressed'`, []],
      ['framework=pci-dss', `exists (select 1 from policy_controls pc where pc.policy_id = violations.policy_id and pc.framework = 'pci-dss')`, []],
      ['framework=nist-800-53&control=SC-28', `exists (select 1 from policy_controls pc where pc.policy_id = violations.policy_id and pc.framework = 'nist-800-53' and pc.control = 'SC-28')`, []],
      ['type=aws:rds/instance:Instance', `resource_type = 'aws:rds/instance:Instance'`, []],
    ];
    for (const [query, where, params] of cases) {
      const expected = await dbIds(where, params);
      expect(expected.length, query).toBeGreaterThan(0);
      expect((await pages(`/api/v1/violations?${query}`, 5)).ids, query).toEqual(expected);
      expect((await get(`/api/v1/violations/count?${query}`)).count, query).toBe(expected.length);
    }
    // Counts come from the maintained table when the filter only names its columns, else from one query.
    expect((await get('/api/v1/violations/count?severity=high&framework=pci-dss')).source).toBe('counts');
    expect((await get('/api/v1/violations/count?assignee=alice')).source).toBe('table');
  });

  it('violations: rejects bad filters and foreign cursors with 400 naming the field', async () => {
    const bad = await api.call('GET', '/api/v1/violations?severity=urgent', { token: api.tokens.viewer });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^query\.severity\.0: /);
    const control = await api.call('GET', '/api/v1/violations?control=SC-28', { token: api.tokens.viewer });
    expect(control.status).toBe(400);
    expect(control.body.error.message).toMatch(/--control needs --framework/);
    expect((await api.call('GET', '/api/v1/violations?limit=100000', { token: api.tokens.viewer })).status).toBe(400);
    expect((await api.call('GET', '/api/v1/violations?bogus=1', { token: api.tokens.viewer })).status).toBe(400);
    const page = await get('/api/v1/violations?limit=1');
    const foreign = await api.call('GET', `/api/v1/violations?sort=newest&cursor=${page.nextCursor}`, { token: api.tokens.viewer });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('invalid-cursor');
    expect((await api.call('GET', '/api/v1/violations?cursor=garbage', { token: api.tokens.viewer })).body.error.code).toBe('invalid-cursor');
  });

  it('one violation with its trail of events', async () => {
    const [id] = await dbIds(`status = 'assigned'`);
    const body = await get(`/api/v1/violations/${id}`);
    expect(body.violation).toMatchObject({ id, status: 'assigned', assignee: 'alice' });
    expect(body.events[0]).toMatchObject({ from: null, to: 'open', scanId: 1 });
    expect((await api.call('GET', '/api/v1/violations/999999', { token: api.tokens.viewer })).status).toBe(404);
  });

  it('burndown: one point per finished scan from the snapshot the trigger took, then the live count', async () => {
    const { points } = await get('/api/v1/burndown');
    expect(points).toHaveLength(2);
    expect(points[0]).toMatchObject({ scanId: 1, open: 31 });
    const summary = await get('/api/v1/summary');
    expect(points[1]).toMatchObject({ scanId: null, open: summary.open });
  });

  it('scans, their diff, resources and the audit log page through their rows', async () => {
    const scans = await get('/api/v1/scans');
    expect(scans.items[0]).toMatchObject({ id: 1, status: 'succeeded', trigger: 'manual', new: 31, resolved: 0, openAfter: 31 });
    const one = await get('/api/v1/scans/1');
    expect(one.transitions).toEqual({ new: 31 });
    const diffPage = await get('/api/v1/scans/1/diff?limit=40');
    expect(diffPage.items).toHaveLength(31);
    expect(diffPage.items[0]).toMatchObject({ change: 'new', policy: expect.any(String) });
    const first = await get('/api/v1/scans/1/diff?change=new&limit=20');
    const second = await get(`/api/v1/scans/1/diff?change=new&limit=20&cursor=${first.nextCursor}`);
    expect([...first.items, ...second.items].map((d: { violationId: number }) => d.violationId)).toEqual(diffPage.items.map((d: { violationId: number }) => d.violationId));
    expect(second.nextCursor).toBeNull();
    expect((await get('/api/v1/scans/1/diff?change=resolved')).items).toEqual([]);

    const resources = await get('/api/v1/resources?limit=100');
    const [n] = await api.store.query<{ n: string }>('select count(*) as n from resources where deleted_at is null');
    expect(resources.items).toHaveLength(Number(n.n));
    const withOpen = resources.items.filter((r: { openViolations: number }) => r.openViolations > 0);
    expect(withOpen.length).toBeGreaterThan(0);
    const walk: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await get(`/api/v1/resources?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      walk.push(...page.items.map((r: { key: string }) => r.key));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walk).toEqual(resources.items.map((r: { key: string }) => r.key));
    expect((await get('/api/v1/resources?type=aws:s3/bucket:Bucket')).items.every((r: { type: string }) => r.type === 'aws:s3/bucket:Bucket')).toBe(true);

    const audit = await get('/api/v1/audit?action=token.create&limit=2');
    expect(audit.items).toHaveLength(2);
    expect(audit.nextCursor).not.toBeNull();
    const rest = await get(`/api/v1/audit?action=token.create&cursor=${audit.nextCursor}`);
    expect([...audit.items, ...rest.items].map((a: { target: string }) => a.target).sort()).toEqual(Object.values(api.names).sort());
  });

  it('remediation runs, queues, pull requests and the catalog answer even when empty', async () => {
    expect(await get('/api/v1/remediations')).toEqual({ items: [], nextCursor: null });
    expect(await get('/api/v1/prs')).toEqual({ items: [], nextCursor: null });
    const queues = await get('/api/v1/queues');
    expect(queues.queues.map((q: { queue: string }) => q.queue)).toContain('fix');
    const catalog = await get('/api/v1/catalog');
    expect(catalog.openStatuses).toEqual([...OPEN_STATUSES]);
    expect(catalog.policies.length).toBeGreaterThan(50);
  });
});

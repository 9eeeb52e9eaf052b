import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_STATUSES } from '../../src/violations/filter.ts';
import { summarizeBacklog } from '../../src/violations/summary.ts';
import { insertPendingPr, startApiFixture, type ApiFixture } from '../server/support.ts';
import { logIn, openBrowser, screenshot, type Browser } from './support.ts';

let api: ApiFixture;
let browser: Browser;
beforeAll(async () => {
  api = await startApiFixture();
  // Some SLA breaches and owners, so the overview has every kind of number to show.
  await api.store.query(`update violations set due_at = now() - interval '5 days' where id % 4 = 0`);
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

const text = async (selector: string) => (await browser.page.textContent(selector))?.trim() ?? '';
const num = async (selector: string) => Number((await text(selector)).replaceAll(',', ''));

describe('the dashboard in chromium', () => {
  it('logs in with a token and shows the overview numbers the database holds', async () => {
    const { page } = browser;
    await page.goto(api.url);
    await page.fill('#token', 'sweep_000000000000_' + 'A'.repeat(43));
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=login-error]:has-text("not valid")');
    await screenshot(page, 'login');

    await logIn(page, api.url, api.tokens.operator);
    expect(await text('#who-name')).toBe(api.names.operator);
    const rows = await api.store.query<{ severity: string; n: string }>('select severity, count(*) as n from violations where status = any($1::text[]) group by 1', [OPEN_STATUSES]);
    const open = Object.fromEntries(rows.map((r) => [r.severity, Number(r.n)]));
    expect(await num('[data-testid=open-total]')).toBe(Object.values(open).reduce((a, b) => a + b, 0));
    for (const severity of ['critical', 'high', 'medium', 'low']) expect(await num(`[data-testid=open-${severity}]`)).toBe(open[severity] ?? 0);
    const [breached] = await api.store.query<{ n: string }>('select count(*) as n from violations where status = any($1::text[]) and due_at < now()', [OPEN_STATUSES]);
    expect(await num('[data-testid=sla-breached]')).toBe(Number(breached.n));
    const reference = await summarizeBacklog(api.store);
    for (const f of reference.byFramework) {
      const score = ((f.coveredControls - f.failingControls) / f.coveredControls) * 100;
      expect(await text(`[data-testid=score-${f.framework}]`)).toBe(`${score.toFixed(1)}%`);
      expect(await num(`[data-testid=violations-${f.framework}]`)).toBe(f.violations);
    }
    expect(await page.locator('[data-testid=burndown] circle').count()).toBe(2);
    await screenshot(page, 'overview');
  });

  it('bulk-assigns from the explorer: ticked rows, then every row matching a filter, counts shown before confirming', async () => {
    const { page } = browser;
    await page.click('nav a[data-page=violations]');
    await page.waitForSelector('[data-testid=explorer][data-loaded=true]');
    await page.waitForSelector('[data-testid=match-count]:has-text("matching")');
    expect(await page.locator('[data-testid=violations-table] tbody tr').count()).toBe(31);

    // Narrow to low severity, tick two rows, assign them to alice.
    await page.check('[data-testid=filter-severity] input[value=low]');
    await page.click('[data-testid=apply-filters]');
    await page.waitForSelector('[data-testid=match-count]:has-text("10 matching")');
    const boxes = page.locator('[data-testid=select-row]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    const ids = await page.locator('[data-testid=violations-table] tbody tr.selected').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-id'))));
    expect(ids).toHaveLength(2);
    await page.fill('[data-testid=assign-to]', 'alice');
    await page.click('[data-testid=assign]');
    expect(await text('[data-testid=confirm-count]')).toBe('2 violations will be assigned to alice.');
    await screenshot(page, 'violations-confirm');
    await page.click('[data-testid=confirm]');
    await page.waitForSelector('#toast:has-text("assigned 2 violations to alice")');
    const alice = await api.store.query<{ id: number }>(`select id from violations where assignee = 'alice' and status = 'assigned' order by id`);
    expect(alice.map((r) => Number(r.id))).toEqual([...ids].sort((a, b) => a - b));

    // Everything matching a filter, beyond the loaded page: medium, page size 50 > 13 but the selection is the filter.
    await page.uncheck('[data-testid=filter-severity] input[value=low]');
    await page.check('[data-testid=filter-severity] input[value=medium]');
    await page.click('[data-testid=apply-filters]');
    const [medium] = await api.store.query<{ n: string }>(`select count(*) as n from violations where severity = 'medium' and status = any($1::text[])`, [OPEN_STATUSES]);
    await page.waitForSelector(`[data-testid=match-count]:has-text("${Number(medium.n)} matching")`);
    await page.locator('[data-testid=select-row]').first().check();
    await page.click('[data-testid=select-all-matching]');
    expect(await text('[data-testid=selected-count]')).toBe(`all ${Number(medium.n)} matching selected`);
    await page.fill('[data-testid=assign-to]', 'platform-team');
    await page.click('[data-testid=assign]');
    expect(await text('[data-testid=confirm-count]')).toBe(`${Number(medium.n)} violations will be assigned to platform-team.`);
    await page.click('[data-testid=confirm]');
    await page.waitForSelector(`#toast:has-text("assigned ${Number(medium.n)} violations to platform-team")`);
    const [moved] = await api.store.query<{ n: string }>(`select count(*) as n from violations where assignee = 'platform-team' and severity = 'medium'`);
    expect(Number(moved.n)).toBe(Number(medium.n));
    await page.waitForSelector('[data-testid=row-assignee]:has-text("platform-team")');
    await screenshot(page, 'violations');
  });

  it('moves a remediation progress bar live as the fixes ledger advances (server-sent events)', async () => {
    const { page } = browser;
    const started = await api.call('POST', '/api/v1/remediations', { token: api.tokens.operator, body: { filter: { severity: ['high'] }, assignToAi: true, groupSize: 1 } });
    const { runId, groups } = started.body;
    expect(groups).toBeGreaterThanOrEqual(4);
    await page.click('nav a[data-page=remediation]');
    const bar = page.locator(`[data-testid=run-${runId}-bar]`);
    await bar.waitFor();
    expect(Number(await bar.getAttribute('data-progress'))).toBe(0);

    const verify = (n: number) =>
      api.store.query(
        `update fixes set status = 'verified', strategy = 'remediate-props', finished_at = now()
         where id in (select id from fixes where run_id = $1 and status = 'queued' order by id limit $2)`,
        [runId, n],
      );
    await verify(2);
    // The bar's data-progress is the fraction of groups done, as the page computed it from the event.
    await page.waitForSelector(`[data-testid=run-${runId}-bar][data-progress="${2 / groups}"]`);
    expect(await text(`[data-testid=run-${runId}-label]`)).toContain(`2 / ${groups} groups (2 fixed`);
    await screenshot(page, 'remediation');
    await verify(groups);
    await page.waitForSelector(`[data-testid=run-${runId}-bar][data-progress="1"]`);
    expect(await page.locator('[data-testid=queues] .card').count()).toBeGreaterThanOrEqual(2);
  });

  it('shows pull requests, scans (starting one), and the ops view for admins; screenshots of each page', { timeout: 240_000 }, async () => {
    const { page } = browser;
    await insertPendingPr(api);
    await page.click('nav a[data-page=prs]');
    await page.waitForSelector('[data-testid=prs-table][data-loaded=true]');
    expect(await page.locator('[data-testid=prs-table] tbody tr').count()).toBe(1);
    await page.click('[data-testid=prs-table] button:has-text("Approve")');
    await page.waitForSelector('#toast:has-text("approved")');
    await screenshot(page, 'prs');

    await page.click('nav a[data-page=scans]');
    await page.waitForSelector('[data-testid=scans-table][data-loaded=true]');
    await page.click('[data-testid=scan-now]');
    await page.waitForSelector('#toast:has-text("succeeded")', { timeout: 120_000 });
    await expect.poll(() => page.locator('[data-testid=scans-table] tbody tr').count()).toBe(2);
    await page.click('[data-testid=scans-table] tbody tr:last-child');
    await page.waitForSelector('[data-testid=scan-diff]');
    await screenshot(page, 'scans');

    // Viewers see no Ops link and no bulk actions; admins get the queue view.
    expect(await page.locator('nav a[data-page=ops]').isHidden()).toBe(true);
    await page.click('#logout');
    await page.waitForSelector('#token');
    await logIn(page, api.url, api.tokens.admin);
    await page.click('nav a[data-page=ops]');
    await page.waitForSelector('[data-testid=ops-queues][data-loaded=true]');
    expect(await page.locator('[data-testid=ops-queues] [data-queue=fix]').count()).toBe(1);
    await screenshot(page, 'ops');
    expect(browser.errors).toEqual([]);
  });
});

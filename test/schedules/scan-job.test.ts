/**
 * Schedules end to end on real Postgres and real Redis: the CLI manages BullMQ job schedulers,
 * an in-process worker runs the `scan` job (scan, then-remediate, webhook), a scan already
 * running for the same sources is skipped with its reason recorded, and expired exceptions are
 * released by the job even when it skips.
 */
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/postgres.ts';
import type { Store } from '../../src/db/store.ts';
import { openQueueRuntime, type QueueRuntime } from '../../src/queue/runtime.ts';
import { runScheduledScan, type ScanJobResult } from '../../src/schedules/scan-job.ts';
import { parseJobData } from '../../src/queue/catalog.ts';
import { suppressViolations } from '../../src/violations/suppress.ts';
import { assignViolations } from '../../src/violations/assign.ts';
import { remediateAfterScan } from '../../src/schedules/then-remediate.ts';
import { startWorkers } from '../../src/workers/index.ts';
import { sweep } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/stores.ts';
import { REDIS_URL, scanDeps, startHookServer, until, workerDeps, type HookServer } from './support.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/sources/pulumi-state/exports/web-staging.json', import.meta.url));
const SOURCE = 'pulumi-state:web-staging.json';

let dir: string;
let database: TestDatabase;
let store: Store;
let runtime: QueueRuntime;
let hook: HookServer;
let env: NodeJS.ProcessEnv;
const prefix = `sweep-sched-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sweep-schedules-'));
  await copyFile(FIXTURE, join(dir, 'web-staging.json'));
  hook = await startHookServer();
  await writeFile(join(dir, 'sweep.yaml'), `notifications:\n  webhook:\n    url: ${hook.url}/hooks/sweep\n`);
  database = await createTestDatabase();
  store = await openPostgres(database.url);
  runtime = await openQueueRuntime({ redisUrl: REDIS_URL, store, prefix });
  env = { DATABASE_URL: database.url, REDIS_URL, SWEEP_QUEUE_PREFIX: prefix, SWEEP_ACTOR: 'test' };
});

afterAll(async () => {
  for (const name of ['scan', 'fix', 'pr']) await runtime.queue(name).obliterate({ force: true }).catch(() => {});
  await runtime.close();
  await store.close();
  await database.drop();
  await hook.close();
  await rm(dir, { recursive: true, force: true });
});

async function actions(action: string) {
  return store.query<{ target: string; details: Record<string, any> }>('select target, details from audit_log where action = $1 order by id', [action]);
}

describe('sweep schedule', () => {
  it('adds (idempotently), lists, runs now once per minute, and removes schedules', async () => {
    const add = ['schedule', 'add', 'nightly', '--cron', '0 2 * * *', '--tz', 'Europe/Paris', '--source', SOURCE, '--pack', 'soc2', '--json'];
    const first = await sweep(add, { env, cwd: dir });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.json().schedule).toMatchObject({ name: 'nightly', pattern: '0 2 * * *', tz: 'Europe/Paris', sources: [SOURCE], packs: ['soc2'] });
    // 02:00 in Paris is 01:00 or 00:00 UTC depending on the season.
    expect(first.json().schedule.nextRun).toMatch(/T0[01]:00:00\.000Z$/);
    expect((await sweep(add, { env, cwd: dir })).code).toBe(0);
    const changed = await sweep(['schedule', 'add', 'nightly', '--cron', '30 3 * * 1-5', '--source', SOURCE, '--then-remediate', 'severity=critical policy=a,b'], { env, cwd: dir });
    expect(changed.code).toBe(0);

    const list = await sweep(['schedule', 'list', '--json'], { env, cwd: dir });
    expect(list.json().schedules).toEqual([
      {
        name: 'nightly',
        pattern: '30 3 * * 1-5',
        tz: null,
        nextRun: expect.stringMatching(/T03:30:00\.000Z$/),
        sources: [SOURCE],
        connections: [],
        packs: [],
        thenRemediate: { severity: ['critical'], policy: ['a', 'b'] },
      },
    ]);
    const text = await sweep(['schedule', 'list'], { env, cwd: dir });
    expect(text.stdout).toMatch(/nightly\s+30 3 \* \* 1-5\s+UTC\s+\S+\s+pulumi-state:web-staging.json\s+severity=critical policy=a,b/);

    const now1 = await sweep(['schedule', 'run-now', 'nightly', '--json'], { env, cwd: dir });
    const now2 = await sweep(['schedule', 'run-now', 'nightly', '--json'], { env, cwd: dir });
    expect(now1.json()).toMatchObject({ added: true, jobId: expect.stringMatching(/^schedule-nightly-now-\d{12}$/) });
    // A double click in the same minute adds nothing (the minute may just have turned: then two ids).
    if (now2.json().jobId === now1.json().jobId) expect(now2.json().added).toBe(false);
    const job = await runtime.queue('scan').getJob(now1.json().jobId);
    expect(parseJobData('scan', job?.data)).toMatchObject({ schedule: 'nightly', sources: [SOURCE], cwd: dir });
    expect(job?.opts.attempts).toBe(2);

    expect((await sweep(['schedule', 'remove', 'nightly'], { env, cwd: dir })).code).toBe(0);
    expect((await sweep(['schedule', 'list', '--json'], { env, cwd: dir })).json().schedules).toEqual([]);
    const again = await sweep(['schedule', 'remove', 'nightly'], { env, cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/no schedule named "nightly"/);
    expect((await actions('schedule.upsert')).map((a) => a.target)).toEqual(['schedule nightly', 'schedule nightly', 'schedule nightly']);
    expect(await actions('schedule.remove')).toHaveLength(1);
    await runtime.queue('scan').obliterate({ force: true });
  });

  it('rejects bad input with a usage error (exit 2) naming it', async () => {
    const base = ['schedule', 'add', 'x', '--source', SOURCE];
    const cases: [string[], RegExp][] = [
      [['--cron', '61 * * * *'], /--cron "61 \* \* \* \*" is not a valid cron pattern/],
      [['--cron', '* *'], /needs 5 fields/],
      [['--cron', '0 2 * * *', '--tz', 'Mars/Olympus'], /--tz "Mars\/Olympus" is not a known time zone/],
      [['--cron', '0 2 * * *', '--then-remediate', 'sev=high'], /unknown filter key "sev"/],
      [['--cron', '0 2 * * *', '--then-remediate', 'severity=urgent'], /bad value for "severity"/],
      [['--cron', '0 2 * * *', '--then-remediate', 'control=2.1.1'], /bad value for "control": --control needs --framework/],
      [['--cron', '0 2 * * *', '--pack', 'nope'], /--pack must be one of/],
      [['--cron', '0 2 * * *', '--connection', 'missing-conn'], /no connection named "missing-conn"/],
    ];
    for (const [extra, message] of cases) {
      const result = await sweep([...base, ...extra], { env, cwd: dir });
      expect(result.code, extra.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    const stdin = await sweep(['schedule', 'add', 'x', '--cron', '0 2 * * *', '--source', 'pulumi-state:-'], { env, cwd: dir });
    expect(stdin.code).toBe(2);
    const noSource = await sweep(['schedule', 'add', 'x', '--cron', '0 2 * * *'], { env, cwd: dir });
    expect(noSource.stderr).toMatch(/needs at least one --source or --connection/);
    const badName = await sweep(['schedule', 'add', 'a:b', '--cron', '0 2 * * *', '--source', SOURCE], { env, cwd: dir });
    expect(badName.code).toBe(2);
    expect((await sweep(['schedule', 'list', '--json'], { env, cwd: dir })).json().schedules).toEqual([]);
  });

  it('a worker runs the scan, starts remediation for what the filter names, and posts the summary', async () => {
    const add = await sweep(['schedule', 'add', 'hourly', '--cron', '0 * * * *', '--source', SOURCE, '--then-remediate', 'severity=critical,high'], { env, cwd: dir });
    expect(add.code).toBe(0);
    const { jobId } = (await sweep(['schedule', 'run-now', 'hourly', '--json'], { env, cwd: dir })).json();
    const lines: string[] = [];
    const workers: Worker[] = startWorkers(runtime, await workerDeps(store, scanDeps(store, runtime, dir, lines)), { queues: ['scan'] });
    try {
      const result = await until('the scan job to finish', async () => {
        const job = await runtime.queue('scan').getJob(jobId);
        if (job && (await job.isFailed())) throw new Error(`scan job failed: ${job.failedReason}`);
        return job && (await job.isCompleted()) ? (job.returnvalue as ScanJobResult) : undefined;
      });
      expect(result).toMatchObject({ outcome: 'scanned', schedule: 'hourly', status: 'succeeded', counts: { new: 18, resolved: 0, reopened: 0, open: 0 } });
      if (result.outcome !== 'scanned') throw new Error('not scanned');
      expect(result.remediation).toMatchObject({ assigned: 4, violations: 4 });
      expect(result.notification).toMatchObject({ ok: true, attempts: 1 });

      const [scan] = await store.query<{ trigger: string; status: string }>('select trigger, status from scans where id = $1', [result.scanId]);
      expect(scan).toEqual({ trigger: 'schedule', status: 'succeeded' });
      const queued = await store.query<{ severity: string; assignee: string }>(`select severity, assignee from violations where status = 'queued'`);
      expect(queued.map((v) => v.severity).sort()).toEqual(['critical', 'high', 'high', 'high']);
      expect(new Set(queued.map((v) => v.assignee))).toEqual(new Set(['ai']));
      const fixJobs = await runtime.queue('fix').getJobCounts();
      expect(Object.values(fixJobs).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

      expect(hook.requests).toHaveLength(1);
      expect(hook.requests[0].path).toBe('/hooks/sweep');
      expect(hook.requests[0].body).toEqual({
        event: 'scan.finished',
        scan: { id: result.scanId, status: 'succeeded', trigger: 'schedule', schedule: 'hourly', startedAt: expect.any(String), finishedAt: expect.any(String) },
        counts: { new: 18, resolved: 0, reopened: 0, open: 0 },
        backlog: { bySeverity: { critical: 1, high: 3, medium: 7, low: 7 }, total: 18 },
        sources: [SOURCE],
        unsuppressed: 0,
        remediation: { runId: result.remediation!.runId, violations: 4, groups: expect.any(Number) },
      });
      expect((await actions('scan.scheduled'))[0].details).toMatchObject({ schedule: 'hourly', jobId, status: 'succeeded' });
    } finally {
      await Promise.allSettled(workers.map((w) => w.close()));
      await sweep(['schedule', 'remove', 'hourly'], { env, cwd: dir });
    }
  });

  it('skips a scan of sources already being scanned (reason recorded), but still releases expired exceptions', async () => {
    const lines: string[] = [];
    const deps = scanDeps(store, runtime, dir, lines);
    const data = parseJobData('scan', { schedule: 'again', sources: [SOURCE], cwd: dir });
    const suppressed = await suppressViolations(store, {
      filter: { severity: ['low'] },
      reason: 'low risk in staging',
      approvedBy: 'ciso',
      expiresAt: new Date(Date.now() + 60_000),
      actor: 'test',
    });
    expect(suppressed.changed).toBe(7);
    await store.query(`update suppressions set expires_at = now() - interval '1 second' where id = $1`, [suppressed.suppressionId]);
    const [running] = await store.query<{ id: number }>(
      `insert into scans (trigger, sources, packs, status) values ('manual', $1, '[]', 'running') returning id`,
      [JSON.stringify([SOURCE])],
    );

    const skipped = await runScheduledScan(deps, data, { jobId: 'j1', final: true });
    expect(skipped).toMatchObject({ outcome: 'skipped', code: 'already-running', runningScanId: Number(running.id), unsuppressed: 7 });
    expect(lines.at(-1)).toMatch(new RegExp(`schedule again: skipped, scan ${running.id} of the same sources has been running since`));
    const [audit] = await actions('scan.skipped');
    expect(audit.details).toMatchObject({ schedule: 'again', jobId: 'j1', code: 'already-running', runningScanId: Number(running.id), sources: [SOURCE] });
    const [{ n }] = await store.query<{ n: string }>(`select count(*) as n from violations where status = 'suppressed'`);
    expect(Number(n)).toBe(0);
    const [event] = await store.query<{ from_status: string; to_status: string; actor: string }>(
      `select from_status, to_status, actor from violation_events where from_status = 'suppressed' order by id limit 1`,
    );
    expect(event).toEqual({ from_status: 'suppressed', to_status: 'open', actor: 'schedule:again' });

    // A `running` row older than the job's time limit is a crashed worker's leftover: it no longer blocks.
    await store.query(`update scans set started_at = now() - interval '2 hours' where id = $1`, [running.id]);
    const ran = await runScheduledScan(deps, data, { jobId: 'j2', final: true });
    expect(ran).toMatchObject({ outcome: 'scanned', status: 'succeeded', counts: { new: 0, open: 18 } });
  });

  it('then-remediate leaves violations an owner holds alone unless the filter names owners', async () => {
    const [scan] = await store.query<{ id: number }>(`select max(id) as id from scans where status = 'succeeded'`);
    const [held] = await store.query<{ id: number }>(`select id from violations where severity = 'medium' and status = 'open' order by id limit 1`);
    await assignViolations(store, { ids: [Number(held.id)] }, 'team-a', 'test');
    const deps = { store, runtime, actor: 'schedule:t' };
    const first = await remediateAfterScan(deps, { schedule: 't', scanId: Number(scan.id), filter: { severity: ['medium'] } });
    expect(first).toMatchObject({ assigned: 6, violations: 6 });
    const [owned] = await store.query<{ assignee: string; status: string }>('select assignee, status from violations where id = $1', [held.id]);
    expect(owned).toEqual({ assignee: 'team-a', status: 'assigned' });
    const second = await remediateAfterScan(deps, { schedule: 't', scanId: Number(scan.id), filter: { severity: ['medium'], assignee: ['team-a'] } });
    expect(second).toMatchObject({ assigned: 1, violations: 1 });
  });

  it('notifies a failed scan on its last attempt, then fails the job', async () => {
    const deps = scanDeps(store, runtime, dir, []);
    const before = hook.requests.length;
    const data = parseJobData('scan', { schedule: 'broken', sources: ['pulumi-state:missing.json'], cwd: dir });
    await expect(runScheduledScan(deps, data, { final: false })).rejects.toThrow(/missing\.json/);
    expect(hook.requests.length).toBe(before);
    await expect(runScheduledScan(deps, data, { final: true })).rejects.toThrow(/missing\.json/);
    expect(hook.requests.length).toBe(before + 1);
    expect(hook.requests.at(-1)!.body).toMatchObject({
      event: 'scan.finished',
      scan: { status: 'failed', schedule: 'broken', error: expect.stringMatching(/missing\.json/) },
      counts: { new: 0, resolved: 0, reopened: 0, open: 0 },
    });
  });
});

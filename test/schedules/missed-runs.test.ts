/**
 * "A missed run (workers down) runs once when they return", proven on real Redis: a schedule that
 * fires every second, no worker for ~3 s, then a worker. BullMQ keeps one delayed job per
 * scheduler and creates the next only when a worker takes the current one, so the three missed
 * seconds produce exactly one scan, and the rhythm resumes from the present.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/postgres.ts';
import type { Store } from '../../src/db/store.ts';
import { openQueueRuntime, type QueueRuntime } from '../../src/queue/runtime.ts';
import type { ScanJobResult } from '../../src/schedules/scan-job.ts';
import { upsertSchedule } from '../../src/schedules/schedules.ts';
import { parseJobData } from '../../src/queue/catalog.ts';
import { startWorkers } from '../../src/workers/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/stores.ts';
import { REDIS_URL, scanDeps, until, workerDeps } from './support.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/sources/pulumi-state/exports/web-staging.json', import.meta.url));

let dir: string;
let database: TestDatabase;
let store: Store;
let runtime: QueueRuntime;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sweep-missed-'));
  await copyFile(FIXTURE, join(dir, 'web-staging.json'));
  database = await createTestDatabase();
  store = await openPostgres(database.url);
  runtime = await openQueueRuntime({ redisUrl: REDIS_URL, store, prefix: `sweep-missed-${randomBytes(4).toString('hex')}` });
});

afterAll(async () => {
  await runtime.queue('scan').obliterate({ force: true }).catch(() => {});
  await runtime.close();
  await store.close();
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('a schedule while no worker runs', () => {
  it('runs once for the whole missed window when a worker returns, not once per missed tick', async () => {
    const queue = runtime.queue('scan');
    const data = parseJobData('scan', { schedule: 'every-second', sources: ['pulumi-state:web-staging.json'], cwd: dir });
    const created = Date.now();
    await upsertSchedule(runtime, { name: 'every-second', pattern: '* * * * * *', data });
    await new Promise((resolve) => setTimeout(resolve, 3_200));

    // Three ticks have passed; the queue still holds a single job for them.
    const pending = await queue.getJobs(['delayed', 'waiting', 'prioritized']);
    expect(pending).toHaveLength(1);
    const missedAt = pending[0].opts.prevMillis!;
    expect(missedAt).toBeLessThan(created + 1_500);

    const started = Date.now();
    const workers = startWorkers(runtime, await workerDeps(store, scanDeps(store, runtime, dir, [])), { queues: ['scan'], concurrency: 1 });
    try {
      await until('the missed run and one regular run', async () => ((await queue.getJobCounts('completed')).completed >= 2 ? true : undefined));
    } finally {
      await queue.removeJobScheduler('every-second');
      await Promise.allSettled(workers.map((w) => w.close()));
    }
    const done = await queue.getJobs(['completed']);
    const results = done.map((job) => job.returnvalue as ScanJobResult);
    const missed = results.filter((r) => r.scheduledFor! < started);
    expect(missed).toHaveLength(1);
    expect(missed[0]).toMatchObject({ outcome: 'scanned', scheduledFor: missedAt });
    // The next runs are due after the worker came back, not in the past window.
    for (const later of results.filter((r) => r !== missed[0])) expect(later.scheduledFor!).toBeGreaterThanOrEqual(started - 1_000);
    // One scans row per job that scanned: nothing ran behind the queue's back.
    const [{ n }] = await store.query<{ n: string }>(`select count(*) as n from scans where trigger = 'schedule'`);
    expect(Number(n)).toBe(results.filter((r) => r.outcome === 'scanned').length);
  }, 60_000);
});

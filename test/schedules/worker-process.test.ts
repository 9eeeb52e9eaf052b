/**
 * The real thing: `sweep schedule add` + `run-now` on the CLI, a `sweep worker` process (default
 * queues, which include `scan`) runs the scan, and the webhook in sweep.yaml receives the summary.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/postgres.ts';
import type { Store } from '../../src/db/store.ts';
import { openQueueRuntime, type QueueRuntime } from '../../src/queue/runtime.ts';
import { sweep } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/stores.ts';
import { REDIS_URL, startHookServer, until, type HookServer } from './support.ts';

const BIN = fileURLToPath(new URL('../../src/cli/sweep.js', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/sources/pulumi-state/exports/web-staging.json', import.meta.url));
const prefix = `sweep-wp-${randomBytes(4).toString('hex')}`;

let dir: string;
let database: TestDatabase;
let store: Store;
let runtime: QueueRuntime;
let hook: HookServer;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sweep-worker-process-'));
  await copyFile(FIXTURE, join(dir, 'web-staging.json'));
  hook = await startHookServer();
  await writeFile(join(dir, 'sweep.yaml'), `notifications:\n  webhook:\n    url: ${hook.url}/hook\n    headers:\n      x-sweep-token: \${HOOK_TOKEN}\n`);
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

describe('sweep worker and schedules', () => {
  it('runs a run-now scan from a schedule and posts the summary', async () => {
    expect((await sweep(['schedule', 'add', 'nightly', '--cron', '0 2 * * *', '--source', 'pulumi-state:web-staging.json'], { env, cwd: dir })).code).toBe(0);
    expect((await sweep(['schedule', 'run-now', 'nightly'], { env, cwd: dir })).code).toBe(0);

    const child = spawn(process.execPath, [BIN, 'worker'], { cwd: dir, env: { ...process.env, ...env, HOOK_TOKEN: 'tok-123' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await until('the webhook to be called', async () => (hook.requests.length > 0 ? true : undefined), 90_000);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    expect(stdout).toMatch(/serving .*\bscan\b/);
    const [request] = hook.requests;
    expect(request.headers['x-sweep-token']).toBe('tok-123');
    expect(request.body).toMatchObject({ event: 'scan.finished', scan: { trigger: 'schedule', schedule: 'nightly', status: 'succeeded' }, counts: { new: 18 } });
    const scans = await store.query<{ trigger: string; status: string }>('select trigger, status from scans');
    expect(scans).toEqual([{ trigger: 'schedule', status: 'succeeded' }]);
    expect(stderr).toBe('');
  }, 120_000);
});

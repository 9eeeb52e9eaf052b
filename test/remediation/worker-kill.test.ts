/**
 * Workers on real Redis fix real groups of the demo estate; one worker process is killed with
 * SIGKILL in the middle of a job, a second one takes over, and every group finishes exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueueRuntime, type QueueRuntime } from '../../src/queue/runtime.ts';
import { createRun, enqueueRun, runProgress } from '../../src/remediation/runs.ts';
import { assignViolations } from '../../src/violations/assign.ts';
import { scannedDemo, type ScannedDemo } from '../support/demo-estate.ts';

const BIN = fileURLToPath(new URL('../../src/cli/sweep.js', import.meta.url));
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const POLICIES = [
  'aws-rds-instance-not-public',
  'aws-kms-key-rotation',
  'aws-ec2-instance-imdsv2',
  'aws-cloudtrail-log-file-validation',
  'aws-iam-password-policy-min-length',
  'aws-rds-instance-deletion-protection',
];

let demo: ScannedDemo;
let runtime: QueueRuntime;
const prefix = `sweep-kill-${randomBytes(4).toString('hex')}`;

function startWorker(): ChildProcess {
  const env = { ...process.env, DATABASE_URL: demo.database.url, REDIS_URL, SWEEP_QUEUE_PREFIX: prefix, SWEEP_ACTOR: 'test' };
  const child = spawn(process.execPath, [BIN, 'worker', '--concurrency', '1'], { cwd: demo.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', () => {});
  child.stdout?.on('data', () => {});
  return child;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  demo = await scannedDemo();
  runtime = await openQueueRuntime({ redisUrl: REDIS_URL, store: demo.store, prefix });
}, 180_000);

afterAll(async () => {
  for (const name of ['fix', 'pr']) await runtime.queue(name).obliterate({ force: true }).catch(() => {});
  await runtime.close();
  await demo.close();
});

describe('remediation workers on Redis', () => {
  it('survive a worker killed mid-job: every group finishes exactly once', async () => {
    const { store } = demo;
    const assigned = await assignViolations(store, { policy: POLICIES }, 'ai', 'test');
    expect(assigned.changed).toBe(POLICIES.length);
    const run = await createRun(store, { filter: {}, actor: 'test' });
    expect(run.groups).toBe(POLICIES.length);
    await enqueueRun(runtime, run.runId, run.batches);
    await enqueueRun(runtime, run.runId, run.batches); // a second enqueue is a no-op

    const first = startWorker();
    const exited = new Promise((resolve) => first.once('exit', resolve));
    await until('a group to be mid-fix', async () => {
      const [row] = await store.query<{ n: number | string }>(`select count(*) as n from fixes where run_id = $1 and status = 'running'`, [run.runId]);
      return Number(row.n) > 0 ? true : undefined;
    }, 120_000);
    first.kill('SIGKILL');
    await exited;

    const second = startWorker();
    try {
      const progress = await until('the run to finish', async () => {
        const p = await runProgress(store, run.runId);
        return p?.finished ? p : undefined;
      }, 300_000);
      expect(progress.groups.verified).toBe(POLICIES.length);
      expect(progress.violations).toEqual({ fix_proposed: POLICIES.length });
    } finally {
      second.kill('SIGTERM');
    }

    // Exactly once: one ledger row per group, one terminal transition per violation.
    const fixes = await store.query<{ group_key: string; status: string }>(`select group_key, status from fixes where run_id = $1`, [run.runId]);
    expect(fixes).toHaveLength(POLICIES.length);
    const terminal = await store.query<{ violation_id: number; n: number | string }>(
      `select violation_id, count(*) as n from violation_events e join violations v on v.id = e.violation_id
       where v.remediation_run_id = $1 and e.to_status in ('fix_proposed', 'needs_human', 'failed') group by 1`,
      [run.runId],
    );
    expect(terminal.map((t) => Number(t.n))).toEqual(POLICIES.map(() => 1));
    const patches = await store.query<{ patch: string }>(`select patch from fixes where run_id = $1 and status = 'verified'`, [run.runId]);
    for (const { patch } of patches) {
      expect(patch).toMatch(/^diff --git a\/\w+\.ts b\/\w+\.ts/);
      expect(patch).not.toContain('node_modules');
    }
  }, 600_000);
});

/**
 * `npm run bench:remediate -- --violations N [--repos R]`
 * Synthesises N open violations across R repos (resources + violations written with set-based
 * SQL into a fresh Postgres database), then measures on real Redis: bulk assignment to `ai`,
 * planning the run (grouping), and enqueueing its flows — against a raw BullMQ addBulk of the
 * same number of jobs on the same Redis as the baseline. A second reference, BullMQ's own
 * FlowProducer.addBulk of the same flow shape with minimal payloads, shows what the parent/child
 * links cost by themselves (addBulk cannot make them).
 */
import { randomBytes } from 'node:crypto';
import { FlowProducer, Queue, type FlowJob } from 'bullmq';
import { Redis } from 'ioredis';
import { rules } from '../../policies/index.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { openQueueRuntime } from '../../src/queue/runtime.ts';
import type { PlannedBatch } from '../../src/remediation/plan.ts';
import { createRun, enqueueRun } from '../../src/remediation/runs.ts';
import { assignViolations } from '../../src/violations/assign.ts';
import { createTestDatabase } from '../../test/support/stores.ts';
import { benchArgs, numberArg, peakRssMb } from './args.ts';
import { runProgress } from '../../src/remediation/runs.ts';
import { startWorkers } from '../../src/workers/index.ts';
import { buildWorkerDeps } from '../../src/workers/deps.ts';
import { scannedDemo } from '../../test/support/demo-estate.ts';

export interface RemediateBenchResult {
  benchmark: 'remediate';
  violations: number;
  repos: number;
  groups: number;
  batches: number;
  assignMs: number;
  planMs: number;
  enqueueMs: number;
  jobs: number;
  groupedAndEnqueuedPerSec: number;
  rawAddBulkMs: number;
  enqueueVsRawAddBulk: number;
  rawFlowsMs: number;
  enqueueVsRawFlows: number;
  peakRssMb: number;
}

/** Timed rounds of enqueue and of its baseline. */
const ROUNDS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function benchRemediate(options: { violations: number; repos: number; redisUrl: string }): Promise<RemediateBenchResult> {
  const database = await createTestDatabase();
  const store = await openPostgres(database.url);
  const prefix = `sweep-bench-${randomBytes(4).toString('hex')}`;
  const runtime = await openQueueRuntime({ redisUrl: options.redisUrl, store, prefix });
  try {
    const policyIds = rules.map((rule) => rule.id);
    await store.query(
      `insert into resources (key, scope, type, native_type, name, provider, role, source, props, tags, iac, first_seen_scan, last_seen_scan)
       select 'bench:' || i, 'bench:stack' || (i % $2), 'aws:ec2/instance:Instance', 'aws:ec2/instance:Instance', 'r' || i, 'aws', 'custom',
         'bench', '{}', '{}', jsonb_build_object('kind', 'pulumi', 'repo', 'acme/repo' || (i % $2), 'stack', 'prod', 'path', 'index.ts', 'line', 1 + i % 400), 1, 1
       from generate_series(1, $1) as i`,
      [options.violations, options.repos],
    );
    await store.query(
      `insert into violations (fingerprint, policy_id, resource_key, scope, resource_type, severity, status, message, first_seen_scan, last_seen_scan)
       select md5('bench' || i), ($3::text[])[1 + i % array_length($3::text[], 1)], 'bench:' || i, 'bench:stack' || (i % $2),
         'aws:ec2/instance:Instance', (array['critical','high','medium','low'])[1 + i % 4], 'open', 'bench', 1, 1
       from generate_series(1, $1) as i`,
      [options.violations, options.repos, policyIds],
    );
    let mark = performance.now();
    await assignViolations(store, {}, 'ai', 'bench');
    const assignMs = performance.now() - mark;
    mark = performance.now();
    const created = await createRun(store, { filter: {}, actor: 'bench' });
    const planMs = performance.now() - mark;
    const jobs = created.groups + created.batches.length;

    // Enqueue and its baseline (the same number of plain jobs through BullMQ's addBulk on the same
    // Redis) take turns, ROUNDS times each, and each reports its median: a single pair of timings
    // on two shared cores moves by ±15% from run to run.
    const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    const raw = new Queue('raw', { connection, prefix });
    const enqueueRounds: number[] = [];
    const rawRounds: number[] = [];
    let stageRssMb = 0;
    for (let round = 0; round < ROUNDS; round++) {
      mark = performance.now();
      await enqueueRun(runtime, created.runId, created.batches);
      enqueueRounds.push(performance.now() - mark);
      // The stage's own peak, before the reference measurements below add theirs.
      if (round === 0) stageRssMb = peakRssMb();
      // Job ids are idempotent: the next round only enqueues again into emptied queues.
      for (const name of ['fix', 'pr']) await runtime.queue(name).obliterate({ force: true });
      mark = performance.now();
      for (let i = 0; i < jobs; i += 1000) {
        await raw.addBulk(Array.from({ length: Math.min(1000, jobs - i) }, (_, k) => ({ name: 'raw', data: { i: i + k }, opts: { jobId: `raw-${i + k}` } })));
      }
      rawRounds.push(performance.now() - mark);
      await raw.obliterate({ force: true });
    }
    await raw.close();
    const enqueueMs = median(enqueueRounds);
    const rawAddBulkMs = median(rawRounds);
    const rawFlowsMs = await rawFlows(connection, prefix, created.batches);
    connection.disconnect();

    return {
      benchmark: 'remediate',
      violations: created.violations,
      repos: options.repos,
      groups: created.groups,
      batches: created.batches.length,
      assignMs: Math.round(assignMs),
      planMs: Math.round(planMs),
      enqueueMs: Math.round(enqueueMs),
      jobs,
      groupedAndEnqueuedPerSec: Math.round(created.violations / ((planMs + enqueueMs) / 1000)),
      rawAddBulkMs: Math.round(rawAddBulkMs),
      enqueueVsRawAddBulk: Number((rawAddBulkMs / enqueueMs).toFixed(2)),
      rawFlowsMs: Math.round(rawFlowsMs),
      enqueueVsRawFlows: Number((rawFlowsMs / enqueueMs).toFixed(2)),
      peakRssMb: stageRssMb,
    };
  } finally {
    await runtime.close();
    await store.close();
    await database.drop();
  }
}

/** One bare flow per batch (a parent and one child per group, payloads `{ i }`), ~1,000 jobs per addBulk. */
async function rawFlows(connection: Redis, prefix: string, batches: PlannedBatch[]): Promise<number> {
  const producer = new FlowProducer({ connection, prefix });
  const mark = performance.now();
  for (let i = 0; i < batches.length; ) {
    const flows: FlowJob[] = [];
    for (let jobs = 0; i < batches.length && jobs < 1000; i++) {
      const children = batches[i].groups.map((_, k) => ({ name: 'raw', queueName: 'raw-child', data: { i, k }, opts: { jobId: `raw-${i}-${k}` } }));
      flows.push({ name: 'raw', queueName: 'raw-parent', data: { i }, opts: { jobId: `raw-${i}` }, children });
      jobs += children.length + 1;
    }
    await producer.addBulk(flows);
  }
  const ms = performance.now() - mark;
  await producer.close();
  for (const name of ['raw-parent', 'raw-child']) {
    const queue = new Queue(name, { connection, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
  }
  return ms;
}

export interface FixesBenchResult {
  groups: number;
  verified: number;
  wallMs: number;
  fixesPerSec: number;
  msPerFixPerWorker: number;
  concurrency: number;
}

/**
 * End to end with the deterministic strategies on the demo estate: every violation with a
 * property fix or template goes through checkout, fix, type-check, mocks, all rules and diff.
 */
export async function benchFixes(options: { redisUrl: string; concurrency: number }): Promise<FixesBenchResult> {
  const demo = await scannedDemo();
  const runtime = await openQueueRuntime({ redisUrl: options.redisUrl, store: demo.store, prefix: `sweep-bench-fix-${randomBytes(4).toString('hex')}` });
  try {
    const fixable = rules.filter((rule) => (rule.kind === 'resource' && rule.remediateResource) || rule.template).map((rule) => rule.id);
    await assignViolations(demo.store, { policy: fixable }, 'ai', 'bench');
    const run = await createRun(demo.store, { filter: {}, actor: 'bench' });
    const deps = await buildWorkerDeps({ store: demo.store, cwd: demo.dir, config: { home: '.sweep', model: 'none' } });
    const started = performance.now();
    await enqueueRun(runtime, run.runId, run.batches);
    const workers = startWorkers(runtime, deps, { concurrency: options.concurrency });
    let progress = await runProgress(demo.store, run.runId);
    while (!progress?.finished) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      progress = await runProgress(demo.store, run.runId);
    }
    const wallMs = performance.now() - started;
    await Promise.all(workers.map((w) => w.close()));
    const verified = progress.groups.verified ?? 0;
    return {
      groups: run.groups,
      verified,
      wallMs: Math.round(wallMs),
      fixesPerSec: Number((verified / (wallMs / 1000)).toFixed(3)),
      msPerFixPerWorker: Math.round((wallMs * options.concurrency) / Math.max(1, run.groups)),
      concurrency: options.concurrency,
    };
  } finally {
    for (const name of ['fix', 'pr']) await runtime.queue(name).obliterate({ force: true }).catch(() => {});
    await runtime.close();
    await demo.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = benchArgs(process.argv.slice(2));
  const result = await benchRemediate({
    violations: numberArg(args, 'violations', 100_000),
    repos: numberArg(args, 'repos', 200),
    redisUrl: args.get('redis-url') ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  });
  const fixes = args.has('skip-fixes')
    ? undefined
    : await benchFixes({ redisUrl: args.get('redis-url') ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', concurrency: numberArg(args, 'concurrency', 2) });
  process.stdout.write(JSON.stringify({ ...result, fixes }, null, 2) + '\n');
}

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJobData } from '../../src/queue/catalog.ts';
import { fixJobId, prJobId } from '../../src/queue/ids.ts';
import { openQueueRuntime, type QueueRuntime } from '../../src/queue/runtime.ts';
import { enqueueRun } from '../../src/remediation/runs.ts';
import { planBatches } from '../../src/remediation/plan.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('enqueueing a run on real Redis', () => {
  let db: TestStore;
  let runtime: QueueRuntime;
  beforeAll(async () => {
    db = await openTestStore('postgres');
    runtime = await openQueueRuntime({ redisUrl: REDIS_URL, store: db.store, prefix: `sweep-test-${randomBytes(4).toString('hex')}` });
  });
  afterAll(async () => {
    for (const name of ['fix', 'pr']) await runtime.queue(name).obliterate({ force: true });
    await runtime.close();
    await db.close();
  });

  it('adds one flow per batch with deterministic ids, and a second enqueue adds nothing', async () => {
    const candidates = Array.from({ length: 120 }, (_, i) => ({ id: i + 1, policyId: `p${i % 3}`, severity: 'high', repo: `acme/r${i % 2}`, stack: 'prod' }));
    const batches = planBatches(candidates, { groupSize: 10 });
    expect(batches).toHaveLength(6);
    await enqueueRun(runtime, 7, batches);
    await enqueueRun(runtime, 7, batches);
    const fix = runtime.queue('fix');
    const pr = runtime.queue('pr');
    const fixCounts = await fix.getJobCounts();
    const prCounts = await pr.getJobCounts();
    expect(Object.values(fixCounts).reduce((a, b) => a + b, 0)).toBe(12);
    expect(prCounts['waiting-children']).toBe(6);
    const group = batches[0].groups[0];
    const job = await fix.getJob(fixJobId(7, group.groupKey));
    expect(job?.data).toEqual({ runId: 7, groupKey: group.groupKey, batchKey: batches[0].batchKey, policyId: group.policyId, violationIds: group.violationIds });
    expect(job?.opts.attempts).toBe(3);
    expect(await pr.getJob(prJobId(7, batches[0].batchKey))).toBeDefined();
  });

  it('enqueues a run larger than one chunk, a batch larger than a chunk included, and a second enqueue adds nothing', async () => {
    const spread = Array.from({ length: 3_000 }, (_, i) => ({ id: i + 1, policyId: `p${i % 5}`, severity: 'high', repo: `acme/r${i % 60}`, stack: 'prod' }));
    const wide = Array.from({ length: 1_500 }, (_, i) => ({ id: 10_001 + i, policyId: 'wide', severity: 'critical', repo: 'acme/wide', stack: 'prod' }));
    const batches = planBatches([...spread, ...wide], { groupSize: 5 });
    const groups = batches.reduce((n, b) => n + b.groups.length, 0);
    expect(batches).toHaveLength(61);
    expect(groups).toBe(900);
    await enqueueRun(runtime, 8, batches);
    await enqueueRun(runtime, 8, batches);
    const fix = runtime.queue('fix');
    const pr = runtime.queue('pr');
    expect(await fix.getJobCountByTypes('wait')).toBe(12 + 900);
    expect(await pr.getJobCountByTypes('waiting-children')).toBe(6 + 61);
    const parent = await pr.getJob(prJobId(8, batches[0].batchKey));
    expect(batches[0].groups).toHaveLength(300);
    expect(await parent?.getDependenciesCount()).toMatchObject({ unprocessed: 300 });
  });

  it('rejects a payload that does not match its job schema, naming the job', () => {
    expect(() => parseJobData('fix-group', { runId: 1, groupKey: 'g', batchKey: 'b', policyId: 'p', violationIds: [] }, 'run1-x')).toThrow(
      /job fix-group run1-x: invalid data at violationIds/,
    );
  });
});

/**
 * The same runtime code on BullMQ's PostgreSQL backend — on a real Postgres (DATABASE_URL without
 * REDIS_URL) and on the embedded PGlite served over pglite-socket: a flow's parent reads its
 * children's results, and job ids stay deterministic; the same through `addFlows`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/db/pglite.ts';
import { addFlows } from '../../src/queue/flows.ts';
import { openQueueRuntime, backendQueueName, type QueueRuntime } from '../../src/queue/runtime.ts';
import type { Store } from '../../src/db/store.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';

type Insert = 'flow-producer' | 'add-flows';

async function flowRoundTrip(runtime: QueueRuntime, insert: Insert = 'flow-producer'): Promise<unknown> {
  const flows = runtime.flowProducer();
  const fix = runtime.worker('fix', async (job) => ({ doubled: (job.data as { n: number }).n * 2 }), { concurrency: 2 });
  let resolveParent: (value: unknown) => void;
  const parentDone = new Promise((resolve) => (resolveParent = resolve));
  const pr = runtime.worker('pr', async (job) => {
    const values = Object.values(await job.getChildrenValues()).map((v) => (v as { doubled: number }).doubled).sort();
    resolveParent(values);
    return values;
  });
  const flow = {
    name: 'open-pr',
    queueName: backendQueueName(runtime, 'pr'),
    data: {},
    opts: { jobId: 'run1-r0-pr-x' },
    children: [1, 2, 3].map((n) => ({ name: 'fix-group', queueName: backendQueueName(runtime, 'fix'), data: { n }, opts: { jobId: `run1-r0-fix-${n}` } })),
  };
  const add = async () => {
    if (insert === 'flow-producer') return void (await flows.add(flow));
    const children = flow.children.map((c) => ({ queue: 'fix', name: c.name, data: c.data, opts: c.opts }));
    await addFlows(runtime, [{ queue: 'pr', name: flow.name, data: flow.data, opts: flow.opts, children }]);
  };
  await add();
  const result = await parentDone;
  await add(); // same ids: nothing new
  await new Promise((resolve) => setTimeout(resolve, 300));
  const counts = await runtime.queue('fix').getJobCounts();
  await Promise.all([fix.close(), pr.close()]);
  return { result, fixJobs: Object.values(counts).reduce((a, b) => a + b, 0) };
}

describe('the queue runtime on the PostgreSQL backend', () => {
  let test: TestStore | undefined;
  let store: Store | undefined;
  let runtime: QueueRuntime | undefined;
  afterEach(async () => {
    await runtime?.close();
    await store?.close();
    await test?.close();
    runtime = undefined;
    store = undefined;
    test = undefined;
  });

  it('runs a flow on Postgres (DATABASE_URL, no REDIS_URL)', async () => {
    test = await openTestStore('postgres');
    const url = (await test.store.query<{ url: string }>(`select current_database() as url`))[0].url;
    const databaseUrl = `postgres://postgres@127.0.0.1:5432/${url}`;
    runtime = await openQueueRuntime({ databaseUrl, store: test.store, prefix: 'sweep-pg' });
    expect(runtime.kind).toBe('postgres');
    expect(await flowRoundTrip(runtime)).toEqual({ result: [2, 4, 6], fixJobs: 3 });
  }, 120_000);

  it('runs a flow inserted by addFlows on Postgres', async () => {
    test = await openTestStore('postgres');
    const url = (await test.store.query<{ url: string }>(`select current_database() as url`))[0].url;
    runtime = await openQueueRuntime({ databaseUrl: `postgres://postgres@127.0.0.1:5432/${url}`, store: test.store, prefix: 'sweep-pg' });
    expect(await flowRoundTrip(runtime, 'add-flows')).toEqual({ result: [2, 4, 6], fixJobs: 3 });
  }, 120_000);

  it('runs a flow on the embedded PGlite through pglite-socket', async () => {
    store = await openPglite('memory://');
    runtime = await openQueueRuntime({ store, prefix: 'sweep-embedded' });
    expect(runtime.kind).toBe('pglite');
    expect(await flowRoundTrip(runtime)).toEqual({ result: [2, 4, 6], fixJobs: 3 });
  }, 180_000);

  it('runs a flow inserted by addFlows on the embedded PGlite', async () => {
    store = await openPglite('memory://');
    runtime = await openQueueRuntime({ store, prefix: 'sweep-embedded' });
    expect(await flowRoundTrip(runtime, 'add-flows')).toEqual({ result: [2, 4, 6], fixJobs: 3 });
  }, 180_000);
});

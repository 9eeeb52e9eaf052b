import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../src/engine/scan.ts';
import { fixJobId } from '../../src/queue/ids.ts';
import { openQueueRuntime, type QueueRuntime } from '../../src/queue/runtime.ts';
import { cancelRun, createRun, enqueueRun, resumeRun, runProgress } from '../../src/remediation/runs.ts';
import { assignViolations } from '../../src/violations/assign.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';
import { bucket, documentOf, flagRule, inlineSource } from '../support/inline.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let db: TestStore;
let runtime: QueueRuntime;

beforeAll(async () => {
  db = await openTestStore('postgres');
  runtime = await openQueueRuntime({ redisUrl: REDIS_URL, store: db.store, prefix: `sweep-resume-${randomBytes(4).toString('hex')}` });
  const a = 'pulumi:acme/dev';
  await runScan(
    { store: db.store, sources: new Map([['inline', inlineSource({ s: [documentOf(a, [bucket(a, 'x', {}), bucket(a, 'y', {})])] })]]), context: { cwd: '.' } },
    { sources: [{ kind: 'inline', target: 's' }], rules: [flagRule('bucket-encrypted', 'encrypted')], packs: [], trigger: 'manual', actor: 'test' },
  );
});

afterAll(async () => {
  for (const name of ['fix', 'pr']) await runtime.queue(name).obliterate({ force: true });
  await runtime.close();
  await db.close();
});

describe('resuming a cancelled run', () => {
  it('re-queues the unfinished groups under new job ids, with events and an audit row', async () => {
    const { store } = db;
    await assignViolations(store, {}, 'ai', 'alice');
    const run = await createRun(store, { filter: {}, actor: 'alice', groupSize: 1 });
    expect(run.groups).toBe(2);
    await enqueueRun(runtime, run.runId, run.batches);
    await cancelRun(store, run.runId, 'alice');
    expect(await runProgress(store, run.runId)).toMatchObject({ status: 'cancelled', violations: { assigned: 2 } });

    expect(await resumeRun(store, runtime, run.runId, 'bob')).toBe(2);
    expect(await runProgress(store, run.runId)).toMatchObject({ status: 'queued', groups: { queued: 2 }, violations: { queued: 2 }, finished: false });
    const fix = runtime.queue('fix');
    for (const group of run.batches.flatMap((b) => b.groups)) {
      expect(await fix.getJob(fixJobId(run.runId, group.groupKey, 1))).toBeDefined();
    }
    const audit = await store.query<{ action: string; actor: string }>(`select action, actor from audit_log where action like 'remediation.%' order by id`);
    expect(audit).toEqual([
      { action: 'remediation.create', actor: 'alice' },
      { action: 'remediation.cancel', actor: 'alice' },
      { action: 'remediation.resume', actor: 'bob' },
    ]);
  });
});

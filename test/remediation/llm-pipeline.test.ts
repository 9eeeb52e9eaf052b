/**
 * The long tail through the whole pipeline: a violation no deterministic strategy can fix goes to
 * the model (a local server speaking the OpenAI wire format), whose edit is applied in a checkout,
 * verified, and recorded with its token usage; a deceptive second answer is rejected.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueueRuntime, type QueueRuntime } from '../../src/queue/runtime.ts';
import { createRun, enqueueRun, runProgress } from '../../src/remediation/runs.ts';
import { assignViolations } from '../../src/violations/assign.ts';
import { startWorkers } from '../../src/workers/index.ts';
import { buildWorkerDeps } from '../../src/workers/deps.ts';
import { jsonCompletion, startOpenAiServer, type OpenAiServer } from '../support/openai-server.ts';
import { scannedDemo, type ScannedDemo } from '../support/demo-estate.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let demo: ScannedDemo;
let runtime: QueueRuntime;
let model: OpenAiServer;

beforeAll(async () => {
  demo = await scannedDemo();
  runtime = await openQueueRuntime({ redisUrl: REDIS_URL, store: demo.store, prefix: `sweep-llm-${randomBytes(4).toString('hex')}` });
  model = await startOpenAiServer();
}, 180_000);

afterAll(async () => {
  for (const name of ['fix', 'pr']) await runtime.queue(name).obliterate({ force: true }).catch(() => {});
  await runtime.close();
  await model.close();
  await demo.close();
});

async function remediate(policy: string) {
  const { store } = demo;
  await assignViolations(store, { policy: [policy] }, 'ai', 'test');
  const run = await createRun(store, { filter: { policy: [policy] }, actor: 'test' });
  await enqueueRun(runtime, run.runId, run.batches);
  const deps = await buildWorkerDeps({
    store,
    cwd: demo.dir,
    config: { home: '.sweep', openaiBaseUrl: model.baseURL, openaiApiKey: 'sk-test-not-a-real-key', model: 'gpt-test' },
  });
  const workers = startWorkers(runtime, deps, { concurrency: 1 });
  try {
    for (;;) {
      const progress = await runProgress(store, run.runId);
      if (progress?.finished) return progress;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
}

describe('the llm strategy in the remediation pipeline', () => {
  it('fixes what no property fix or template can, verifies it, and records tokens', async () => {
    model.enqueue(
      jsonCompletion(
        { edits: [{ path: 'compute.ts', search: 'type: "gp2",\n    encrypted: false,', replace: 'type: "gp2",\n    encrypted: true,' }], explanation: 'encrypt the scratch volume' },
        { prompt: 1200, completion: 80 },
      ),
    );
    const progress = await remediate('aws-ebs-volume-encrypted');
    expect(progress.strategies.llm).toEqual({ verified: 1 });
    expect(progress.violations).toEqual({ fix_proposed: 1 });
    expect(progress.tokens).toEqual({ input: 1200, output: 80 });
    const [fix] = await demo.store.query<{ patch: string; tokens_in: number }>(`select patch, tokens_in from fixes where strategy = 'llm'`);
    expect(fix.patch).toContain('+    encrypted: true,');
    const sent = JSON.stringify(model.requests.map((r) => r.body));
    expect(sent).toContain('response_format');
    expect(sent).not.toContain('Wq7!rT2m-analytics-9xKp');
  }, 300_000);

  it('sends a deceptive answer (rule silenced elsewhere) to a person, with the reason, after one retry', async () => {
    const deceptive = jsonCompletion({
      edits: [{ path: 'database.ts', search: 'publiclyAccessible: true,', replace: 'publiclyAccessible: true,\n    storageEncrypted: false,' }],
      explanation: 'done',
    });
    model.enqueue(deceptive, deceptive);
    const progress = await remediate('aws-rds-instance-storage-encrypted');
    expect(progress.violations).toEqual({ needs_human: 1 });
    const [row] = await demo.store.query<{ reason: string }>(
      `select reason from violations where policy_id = 'aws-rds-instance-storage-encrypted' and status = 'needs_human'`,
    );
    expect(row.reason).toMatch(/llm/);
  }, 300_000);
});

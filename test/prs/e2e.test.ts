/**
 * End to end on the demo estate: scan → assign → remediate (in-process workers on real Redis, real
 * fixers and verification) → PRs on the local forge (one branch per batch, balanced approval) →
 * approve → merge (a real `git merge` into main) → rescan of the merged program (captured under
 * Pulumi mocks and exported, as a deployment would leave it) → the violations are resolved and
 * the backlog, per severity and per framework, goes down.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../policies/index.ts';
import { DEMO_PROJECT, DEMO_STACK } from '../../src/demo/estate.ts';
import { runScan } from '../../src/engine/scan.ts';
import { approvePr, mergePr } from '../../src/prs/actions.ts';
import { waitForPrJobs } from '../../src/prs/queue.ts';
import { listPrViews } from '../../src/prs/views.ts';
import { openQueueRuntime, type QueueRuntime } from '../../src/queue/runtime.ts';
import { createRun, enqueueRun, runProgress } from '../../src/remediation/runs.ts';
import { capturePulumiProgram, toStackExport } from '../../src/sources/pulumi-program/index.ts';
import { sourceRegistry } from '../../src/sources/index.ts';
import { assignViolations } from '../../src/violations/assign.ts';
import { summarizeBacklog } from '../../src/violations/summary.ts';
import { startWorkers } from '../../src/workers/index.ts';
import { buildWorkerDeps } from '../../src/workers/deps.ts';
import type { Worker } from 'bullmq';
import { scannedDemo, type ScannedDemo } from '../support/demo-estate.ts';

const run = promisify(execFile);
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** One plain fix (kms rotation), one network-exposure fix (a draft under balanced), one more plain. */
const POLICIES = ['aws-kms-key-rotation', 'aws-rds-instance-not-public', 'aws-ec2-instance-imdsv2'];

let demo: ScannedDemo;
let runtime: QueueRuntime;
let workers: Worker[] = [];
const prefix = `sweep-prs-e2e-${randomBytes(4).toString('hex')}`;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function statusOf(policies: string[]): Promise<Record<string, string>> {
  const rows = await demo.store.query<{ policy_id: string; status: string }>('select policy_id, status from violations where policy_id = any($1::text[])', [policies]);
  return Object.fromEntries(rows.map((r) => [r.policy_id, r.status]));
}

beforeAll(async () => {
  demo = await scannedDemo();
  runtime = await openQueueRuntime({ redisUrl: REDIS_URL, store: demo.store, prefix });
}, 300_000);

afterAll(async () => {
  await Promise.allSettled(workers.map((w) => w.close()));
  for (const name of ['fix', 'pr']) await runtime?.queue(name).obliterate({ force: true }).catch(() => {});
  await runtime?.close();
  await demo?.close();
});

describe('scan → remediate → PRs → merge → rescan', () => {
  it('resolves the merged violations and lowers the compliance counts', async () => {
    const { store } = demo;
    const before = await summarizeBacklog(store);
    expect(before.total).toBeGreaterThan(POLICIES.length);
    expect((await assignViolations(store, { policy: POLICIES }, 'ai', 'test')).changed).toBe(POLICIES.length);

    const created = await createRun(store, { filter: {}, actor: 'test', options: { approval: 'balanced' } });
    expect(created.batches).toHaveLength(POLICIES.length);
    await enqueueRun(runtime, created.runId, created.batches);
    const deps = await buildWorkerDeps({ store, config: { home: '.sweep', model: 'unused' }, cwd: demo.dir, env: {} });
    workers = startWorkers(runtime, deps, { queues: ['fix', 'pr'], concurrency: 2 });
    await until('the run', async () => ((await runProgress(store, created.runId))?.finished ? true : undefined), 480_000);
    expect(await waitForPrJobs(runtime, created.runId, created.batches.map((b) => b.batchKey), { timeoutMs: 120_000 })).toBe(0);
    expect(await statusOf(POLICIES)).toEqual(Object.fromEntries(POLICIES.map((p) => [p, 'fix_proposed'])));

    // One PR per batch on the local forge; the default limit (2 new PRs per hour per repo) holds the third.
    const services = deps.prs!;
    let prs = await listPrViews(store, { runId: created.runId });
    expect(prs.map((p) => p.branch).sort()).toEqual(POLICIES.map((p) => `sweep/${p}/dev`).sort());
    expect(prs.map((p) => p.state).sort()).toEqual(['open', 'open', 'scheduled']);
    const held = prs.find((p) => p.state === 'scheduled')!;
    expect(held.heldBy).toBe('new-per-hour');
    const opensAt = new Date(held.scheduledFor!);
    expect(opensAt.getTime()).toBeGreaterThan(Date.now() + 55 * 60_000);
    // An hour later the scheduled sync opens it.
    const later = { ...services, now: () => new Date(opensAt.getTime() + 1_000) };
    const { syncPullRequests } = await import('../../src/prs/sync.ts');
    expect((await syncPullRequests(later)).published).toEqual([{ prId: held.id, action: 'opened' }]);
    prs = await listPrViews(store, { runId: created.runId });
    expect(prs.every((p) => p.state === 'open' && p.forge === 'local')).toBe(true);
    const draft = prs.filter((p) => p.draft);
    expect(draft.map((p) => p.branch)).toEqual(['sweep/aws-rds-instance-not-public/dev']);
    const repo = demo.estate.repoDir;
    const { stdout: branches } = await run('git', ['log', '--all', '--format=%D %s'], { cwd: repo });
    for (const policy of POLICIES) expect(branches).toContain(`sweep/${policy}/dev fix(${policy})`);

    // A person approves the draft and merges all three: real merges into main.
    const people = { ...services, actor: 'cli:reviewer' };
    expect(await mergePr(people, draft[0].id)).toMatchObject({ ok: false, code: 'not-approved' });
    expect(await approvePr(people, draft[0].id)).toMatchObject({ ok: true });
    for (const pr of prs) expect(await mergePr(people, pr.id)).toMatchObject({ ok: true, summary: { violations: { fix_merged: 1 } } });
    const { stdout: merges } = await run('git', ['log', '--merges', '--format=%s', 'main'], { cwd: repo });
    expect(merges.trim().split('\n')).toHaveLength(POLICIES.length);
    expect(await statusOf(POLICIES)).toEqual(Object.fromEntries(POLICIES.map((p) => [p, 'fix_merged'])));

    // Rescan what main now deploys: the merged violations are gone from the estate.
    const captured = await capturePulumiProgram(repo, { stack: DEMO_STACK });
    await writeFile(demo.estate.exportPath, JSON.stringify(toStackExport(captured, { project: DEMO_PROJECT, stack: DEMO_STACK }), null, 2) + '\n');
    const report = await runScan(
      { store, sources: sourceRegistry, context: { cwd: demo.dir } },
      { sources: [{ kind: 'pulumi-state', target: demo.estate.exportPath }], rules, packs: [], trigger: 'manual', actor: 'test' },
    );
    expect(report.counts.resolved).toBe(POLICIES.length);
    expect(await statusOf(POLICIES)).toEqual(Object.fromEntries(POLICIES.map((p) => [p, 'resolved'])));
    const resolvedFrom = await store.query<{ from_status: string; reason: string }>(
      `select e.from_status, e.reason from violation_events e join violations v on v.id = e.violation_id where v.policy_id = any($1::text[]) and e.to_status = 'resolved'`,
      [POLICIES],
    );
    expect(resolvedFrom.map((e) => `${e.from_status}:${e.reason}`)).toEqual(POLICIES.map(() => 'fix_merged:passing'));

    const after = await summarizeBacklog(store);
    expect(after.total).toBe(before.total - POLICIES.length);
    for (const framework of after.byFramework) {
      const was = before.byFramework.find((f) => f.framework === framework.framework)!;
      expect(framework.violations).toBeLessThanOrEqual(was.violations);
    }
    expect(after.byFramework.reduce((n, f) => n + f.violations, 0)).toBeLessThan(before.byFramework.reduce((n, f) => n + f.violations, 0));
  }, 900_000);
});

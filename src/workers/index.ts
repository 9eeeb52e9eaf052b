/**
 * The job handlers, by job name (an explicit map), and the workers that run them. Every payload
 * is validated against the job catalog before a handler sees it; every job has a time limit.
 */
import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import { JOBS, parseJobData, type JobName } from '../queue/catalog.ts';
import type { QueueRuntime } from '../queue/runtime.ts';
import { ModelRateLimited, runFixGroup, type FixGroupDeps, type FixGroupResult } from '../remediation/fix-group.ts';
import { settleRun } from '../remediation/runs.ts';
import { handleScanJob, type ScanJobDeps } from '../schedules/scan-job.ts';
import { publishBatch } from '../prs/publish.ts';
import { createPrQueue, ensureSyncScheduler } from '../prs/queue.ts';
import type { PrServices } from '../prs/services.ts';
import { syncPullRequests } from '../prs/sync.ts';

/** `scan` is set only by `sweep worker`; processes without it (remediate --wait, serve) leave the scan queue alone. */
export type WorkerDeps = FixGroupDeps & {
  scan?: ScanJobDeps;
  /** Forges, PR settings and limits (built from the config file); without them `open-pr` only reports. */
  prs?: PrServices;
};

export function workerActor(): string {
  return `worker:${hostname()}:${process.pid}`;
}

type Handler = (deps: WorkerDeps, job: Job) => Promise<unknown>;

const handlers: Record<JobName, Handler> = {
  async 'fix-group'(deps, job) {
    const data = parseJobData('fix-group', job.data, job.id);
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const result = await runFixGroup(deps, data, final);
    await settleRun(deps.store, data.runId);
    return result;
  },
  async 'open-pr'(deps, job) {
    const data = parseJobData('open-pr', job.data, job.id);
    // The parent reads what its children recorded; pull requests are opened from verified fixes.
    const children = Object.values(await job.getChildrenValues()) as FixGroupResult[];
    await settleRun(deps.store, data.runId);
    const verified = children.filter((c) => c.status === 'verified');
    const result = { batchKey: data.batchKey, groups: children.length, verified: verified.length, fixIds: verified.map((c) => c.fixId) };
    if (!deps.prs) return result;
    // The PR is built from the ledger (every live verified fix of the batch), not only these children.
    const pr = await publishBatch(deps.prs, { batchKey: data.batchKey, runId: data.runId });
    if (pr.action === 'skipped' && pr.code === 'busy') throw new Error(`job open-pr ${job.id}: ${pr.reason}; retrying`);
    return { ...result, pr };
  },
  async 'sync-prs'(deps, job) {
    const data = parseJobData('sync-prs', job.data, job.id);
    if (!deps.prs) return { skipped: 'this worker has no PR configuration' };
    return syncPullRequests(deps.prs, { refresh: data.refresh, prIds: data.prIds });
  },
  scan: (deps, job) => handleScanJob(deps.scan, job),
};

function withTimeout<T>(name: JobName, jobId: string | undefined, work: Promise<T>): Promise<T> {
  const limit = JOBS[name].timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`job ${name} ${jobId ?? ''} exceeded its time limit of ${limit / 1000}s`)), limit);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export interface WorkerOptions {
  queues?: string[];
  concurrency?: number;
  onError?: (error: Error) => void;
}

export function startWorkers(runtime: QueueRuntime, deps: WorkerDeps, options: WorkerOptions = {}): Worker[] {
  // By default every queue this process can serve: scheduled scans need `deps.scan`.
  const queues = options.queues ?? [...new Set(Object.values(JOBS).map((j) => j.queue))].filter((q) => q !== JOBS.scan.queue || deps.scan);
  const workers: Worker[] = [];
  // PR work may enqueue more (delayed syncs, regeneration runs) on this same runtime.
  if (deps.prs) deps = { ...deps, prs: { ...deps.prs, queue: deps.prs.queue ?? createPrQueue(runtime) } };
  // Not on the embedded queue: its job-scheduler calls race BullMQ's own statements through the
  // pglite-socket multiplexer. There, PR states sync on demand (`sweep prs sync`) and after each run.
  if (deps.prs && queues.includes(JOBS['sync-prs'].queue) && runtime.kind !== 'pglite') {
    ensureSyncScheduler(runtime, deps.prs.settings.syncEveryMinutes).catch((error: Error) => options.onError?.(new Error(`sync-prs scheduler: ${error.message}`)));
  }
  for (const queue of queues) {
    const names = (Object.keys(JOBS) as JobName[]).filter((name) => JOBS[name].queue === queue);
    if (names.length === 0) throw new Error(`unknown queue ${queue}; known: ${[...new Set(Object.values(JOBS).map((j) => j.queue))].join(', ')}`);
    const worker = runtime.worker(
      queue,
      async (job) => {
        const name = job.name as JobName;
        if (!names.includes(name)) throw new Error(`queue ${queue} has no handler for job ${job.name}`);
        try {
          return await withTimeout(name, job.id, handlers[name](deps, job));
        } catch (error) {
          if (!(error instanceof ModelRateLimited)) throw error;
          // Pause the queue for every worker, then let BullMQ re-run this job without spending an attempt.
          options.onError?.(new Error(`model rate-limited; pausing queue ${queue} for ${error.waitMs / 1000}s: ${error.message}`));
          await worker.rateLimit(error.waitMs);
          throw Worker.RateLimitError();
        }
      },
      { concurrency: options.concurrency ?? 2, stalledInterval: 5_000, maxStalledCount: 3, lockDuration: 15_000 },
    );
    worker.on('error', (error) => options.onError?.(error));
    workers.push(worker);
  }
  return workers;
}

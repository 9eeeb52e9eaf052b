/**
 * The job catalog: every background job by name, with the zod schema of its data, the queue it
 * runs on, its retry policy and its time limit. Payloads are validated when enqueued and again
 * when processed, so a stale or hand-edited job fails loudly instead of doing half a thing.
 */
import { z } from 'zod';
import { scanJobData } from '../schedules/scan-data.ts';

export const fixGroupData = z.object({
  runId: z.number().int().positive(),
  groupKey: z.string().min(1),
  batchKey: z.string().min(1),
  policyId: z.string().min(1),
  violationIds: z.array(z.number().int().positive()).min(1),
});

export const openPrData = z.object({
  runId: z.number().int().positive(),
  batchKey: z.string().min(1),
  groupKeys: z.array(z.string().min(1)).min(1),
});

/** `sync-prs`: read PR states and open scheduled PRs (a job scheduler runs it every few minutes). */
export const syncPrsData = z.object({
  /** `schedule` (the job scheduler), `scheduled-pr` (a held PR's time came), `manual` (on demand). */
  reason: z.enum(['schedule', 'scheduled-pr', 'manual']).default('schedule'),
  /** Also rebuild open PRs whose base moved (their fixes are regenerated). */
  refresh: z.boolean().default(false),
  prIds: z.array(z.number().int().positive()).optional(),
});

export const JOBS = {
  'fix-group': {
    queue: 'fix',
    schema: fixGroupData,
    attempts: 3,
    backoff: { type: 'exponential', delay: 2_000 },
    /** Capture + type-check + verification of a large program, with one LLM round trip and retry. */
    timeoutMs: 10 * 60_000,
  },
  'open-pr': {
    queue: 'pr',
    schema: openPrData,
    attempts: 5,
    backoff: { type: 'exponential', delay: 5_000 },
    timeoutMs: 5 * 60_000,
  },
  'sync-prs': {
    queue: 'pr',
    schema: syncPrsData,
    attempts: 3,
    backoff: { type: 'exponential', delay: 10_000 },
    /** Reads every open PR from its forge; a few hundred PRs on a hosted forge take minutes. */
    timeoutMs: 10 * 60_000,
  },
  /** A scheduled (or run-now) scan; skipped when one for the same sources is already running. */
  scan: {
    queue: 'scan',
    schema: scanJobData,
    attempts: 2,
    backoff: { type: 'exponential', delay: 60_000 },
    /** A large estate read live from cloud APIs; also how long a `running` scan row blocks another. */
    timeoutMs: 60 * 60_000,
  },
} as const;

export type JobName = keyof typeof JOBS;
export type JobData<N extends JobName> = z.infer<(typeof JOBS)[N]['schema']>;
export const QUEUES = [...new Set(Object.values(JOBS).map((job) => job.queue))];

/** Validates a payload against its job's schema; the error names the job. */
export function parseJobData<N extends JobName>(name: N, data: unknown, jobId?: string): JobData<N> {
  const parsed = JOBS[name].schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`job ${name}${jobId ? ` ${jobId}` : ''}: invalid data at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data as JobData<N>;
}

export function jobOptions(name: JobName, jobId: string) {
  const job = JOBS[name];
  // Completed jobs are kept (bounded) so a second enqueue of the same id is a no-op, not a rerun.
  // A count as a plain number means the same to BullMQ as `{ count }` and packs smaller per job.
  return { jobId, attempts: job.attempts, backoff: job.backoff, removeOnComplete: 100_000, removeOnFail: 100_000 };
}

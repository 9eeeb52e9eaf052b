/**
 * Schedules are BullMQ job schedulers on the `scan` queue, one per name: `upsertJobScheduler`
 * with a cron pattern and a job template holding the scan's data. BullMQ keeps exactly one
 * delayed job per scheduler and creates the next one only when a worker picks that one up, so
 * runs missed while no worker was up collapse into a single run when workers return.
 */
import type { Queue } from 'bullmq';
import { SweepError } from '../errors.ts';
import { JOBS, jobOptions, parseJobData } from '../queue/catalog.ts';
import type { QueueRuntime } from '../queue/runtime.ts';
import { validateCron } from './cron.ts';
import type { ScanJobData } from './scan-data.ts';

export interface ScheduleInput {
  name: string;
  pattern: string;
  tz?: string;
  data: ScanJobData;
}

export interface ScheduleView {
  name: string;
  pattern: string;
  tz: string | null;
  /** ISO time of the next run; null when BullMQ holds none (an ended schedule). */
  nextRun: string | null;
  sources: string[];
  connections: string[] | 'all';
  packs: string[];
  thenRemediate: ScanJobData['thenRemediate'] | null;
}

function scanQueue(runtime: QueueRuntime): Queue {
  return runtime.queue(JOBS.scan.queue);
}

/** Retry policy and retention for every job the scheduler creates (the job id is BullMQ's). */
function templateOptions() {
  const { jobId: _, ...options } = jobOptions('scan', 'template');
  return options;
}

/** Creates or replaces the schedule `name` (idempotent: the same call twice changes nothing). */
export async function upsertSchedule(runtime: QueueRuntime, input: ScheduleInput): Promise<ScheduleView> {
  const next = validateCron(input.pattern, input.tz);
  const data = parseJobData('scan', input.data);
  await scanQueue(runtime).upsertJobScheduler(
    input.name,
    { pattern: input.pattern.trim().split(/\s+/).join(' '), ...(input.tz ? { tz: input.tz } : {}) },
    { name: 'scan', data, opts: templateOptions() },
  );
  const view = await getSchedule(runtime, input.name);
  return view ?? toView(input.name, input.pattern, input.tz, next.getTime(), data);
}

function toView(name: string, pattern: string, tz: string | undefined, next: number | undefined, raw: unknown): ScheduleView {
  const data = raw as Partial<ScanJobData> | undefined;
  return {
    name,
    pattern,
    tz: tz ?? null,
    nextRun: next ? new Date(next).toISOString() : null,
    sources: data?.sources ?? [],
    connections: data?.allConnections ? 'all' : (data?.connections ?? []),
    packs: data?.packs ?? [],
    thenRemediate: data?.thenRemediate ?? null,
  };
}

export async function getSchedule(runtime: QueueRuntime, name: string): Promise<ScheduleView | undefined> {
  const scheduler = await scanQueue(runtime).getJobScheduler(name);
  if (!scheduler) return undefined;
  return toView(scheduler.key, scheduler.pattern ?? '', scheduler.tz, scheduler.next, scheduler.template?.data);
}

export async function listSchedules(runtime: QueueRuntime): Promise<ScheduleView[]> {
  const schedulers = await scanQueue(runtime).getJobSchedulers(0, -1, true);
  return schedulers
    .map((s) => toView(s.key, s.pattern ?? '', s.tz, s.next, s.template?.data))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function notFound(name: string): SweepError {
  return new SweepError('schedule-not-found', `no schedule named "${name}"`, { hint: 'run `sweep schedule list` for the names', exitCode: 1 });
}

/** Removes the scheduler and its pending (delayed) run; a run already in progress finishes. */
export async function removeSchedule(runtime: QueueRuntime, name: string): Promise<void> {
  if (!(await getSchedule(runtime, name))) throw notFound(name);
  await scanQueue(runtime).removeJobScheduler(name);
}

/**
 * The job id of a run-now: one per schedule per UTC minute, so a double click (or two operators)
 * within the minute enqueue one scan. BullMQ ids may not contain `:`.
 */
export function runNowJobId(name: string, now: Date): string {
  const minute = now.toISOString().slice(0, 16).replace(/[-T:]/g, '');
  return `schedule-${name}-now-${minute}`;
}

export interface RunNowResult {
  jobId: string;
  /** False when this minute's run-now job already existed (nothing new was enqueued). */
  added: boolean;
}

/** Adds one `scan` job from the schedule's template, outside its cron rhythm. */
export async function runScheduleNow(runtime: QueueRuntime, name: string, now: Date = new Date()): Promise<RunNowResult> {
  const queue = scanQueue(runtime);
  const scheduler = await queue.getJobScheduler(name);
  if (!scheduler) throw notFound(name);
  const data = parseJobData('scan', scheduler.template?.data, name);
  const jobId = runNowJobId(name, now);
  // Completed jobs are retained (jobOptions), so the id stays taken for the rest of the minute.
  if (await queue.getJob(jobId)) return { jobId, added: false };
  await queue.add('scan', data, jobOptions('scan', jobId));
  return { jobId, added: true };
}

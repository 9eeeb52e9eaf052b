/**
 * Queue depth and throughput per queue, read through BullMQ's own getters so it works on every
 * backend (Redis, Postgres, embedded). Throughput is the change in the completed count over the
 * last minute of samples; samples are taken whenever someone asks (the event hub asks every few
 * seconds while a dashboard is open).
 */
import type { JobType } from 'bullmq';
import { QUEUES } from '../queue/catalog.ts';
import type { QueueRuntime } from '../queue/runtime.ts';

export const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const satisfies readonly JobType[];

export interface QueueSnapshot {
  queue: string;
  backend: QueueRuntime['kind'];
  counts: Record<(typeof JOB_STATES)[number], number>;
  /** Jobs completed / failed per minute over the last minute; null until two samples span 5 s. */
  completedPerMinute: number | null;
  failedPerMinute: number | null;
}

export interface QueueStats {
  snapshot(): Promise<QueueSnapshot[]>;
}

interface Sample {
  at: number;
  completed: number;
  failed: number;
}

const WINDOW_MS = 60_000;

export function createQueueStats(runtime: QueueRuntime, clock: () => Date, cacheMs = 1_000): QueueStats {
  const samples = new Map<string, Sample[]>();
  let cached: { at: number; value: Promise<QueueSnapshot[]> } | undefined;

  function rate(history: Sample[], key: 'completed' | 'failed'): number | null {
    const first = history[0];
    const last = history.at(-1);
    if (!first || !last || last.at - first.at < 5_000) return null;
    return Math.round(((last[key] - first[key]) / (last.at - first.at)) * 60_000 * 10) / 10;
  }

  async function read(): Promise<QueueSnapshot[]> {
    const now = clock().getTime();
    return Promise.all(
      QUEUES.map(async (name) => {
        const raw = await runtime.queue(name).getJobCounts(...JOB_STATES);
        const counts = Object.fromEntries(JOB_STATES.map((s) => [s, Number(raw[s] ?? 0)])) as QueueSnapshot['counts'];
        const history = samples.get(name) ?? [];
        history.push({ at: now, completed: counts.completed, failed: counts.failed });
        // Keep one sample older than the window so the rate always spans a full minute once it can.
        while (history.length > 2 && history[1].at <= now - WINDOW_MS) history.shift();
        samples.set(name, history);
        return { queue: name, backend: runtime.kind, counts, completedPerMinute: rate(history, 'completed'), failedPerMinute: rate(history, 'failed') };
      }),
    );
  }

  return {
    snapshot() {
      const now = clock().getTime();
      if (!cached || now - cached.at >= cacheMs) {
        const value = read();
        cached = { at: now, value };
        // A failed read must not be served from the cache.
        value.catch(() => {
          if (cached?.value === value) cached = undefined;
        });
      }
      return cached.value;
    },
  };
}

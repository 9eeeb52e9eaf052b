/**
 * Server-sent events for the dashboard: `run` (a remediation run's progress), `scan-started`,
 * `scan-finished`, `backlog` (the counts changed; pages refetch what they show) and `queues`.
 *
 * One poller per server, not per client, runs only while someone listens: it reads the fixes
 * ledger of active runs (runProgress), the scans table and the count deltas' high-water mark —
 * all small indexed reads — and sends what changed. Polling the database (rather than
 * listening to in-process events) sees work done anywhere: by `sweep worker` on other machines,
 * by CLI scans, or by a person editing the ledger.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../db/store.ts';
import { runProgress } from '../remediation/runs.ts';
import { SECURITY_HEADERS } from './http.ts';
import type { QueueStats } from './queues.ts';

export interface EventHub {
  subscribe(req: IncomingMessage, res: ServerResponse): void;
  /** Sends an event to every client now (writes made by this process). */
  publish(event: string, data: unknown): void;
  clients(): number;
  /** Runs one poll now (tests, and right after a write that should show at once). */
  poll(): Promise<void>;
  close(): void;
}

export interface EventHubOptions {
  store: Store;
  queueStats?: QueueStats;
  clock: () => Date;
  log: (line: string) => void;
  intervalMs?: number;
  /** Queue counts are read every this many polls. */
  queueEvery?: number;
}

interface ScanRow {
  id: number;
  status: string;
  trigger: string;
  started_at: Date | string;
  finished_at: Date | string | null;
  counts: Record<string, number> | null;
  error: string | null;
}

const HEARTBEAT_MS = 15_000;

export function createEventHub(options: EventHubOptions): EventHub {
  const { store, clock } = options;
  const intervalMs = options.intervalMs ?? 1_000;
  const clients = new Set<ServerResponse>();
  /** The last payload sent per key (run id, queues), replayed to new clients and used to skip repeats. */
  const last = new Map<string, { event: string; json: string }>();
  const scansRunning = new Set<number>();
  let lastScanId: number | undefined;
  let backlogVersion: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let polls = 0;
  let polling: Promise<void> | undefined;
  let closed = false;

  function write(res: ServerResponse, event: string, json: string) {
    res.write(`event: ${event}\ndata: ${json}\n\n`);
  }

  function broadcast(event: string, data: unknown, key?: string) {
    const json = JSON.stringify(data);
    if (key !== undefined) {
      if (last.get(key)?.json === json) return;
      last.set(key, { event, json });
    }
    for (const res of clients) write(res, event, json);
  }

  async function pollRuns() {
    const now = clock();
    const rows = await store.query<{ id: number }>(
      `select id from remediation_runs where status in ('queued', 'running') or finished_at > $1 order by id desc limit 50`,
      [new Date(now.getTime() - 30_000).toISOString()],
    );
    const active = new Set(rows.map((r) => `run:${Number(r.id)}`));
    for (const row of rows) {
      const progress = await runProgress(store, Number(row.id));
      if (progress) broadcast('run', progress, `run:${progress.runId}`);
    }
    for (const key of [...last.keys()]) if (key.startsWith('run:') && !active.has(key)) last.delete(key);
  }

  async function pollScans() {
    if (lastScanId === undefined) {
      const [row] = await store.query<{ id: number | null }>('select max(id) as id from scans');
      lastScanId = Number(row.id ?? 0);
    }
    const rows = await store.query<ScanRow>(
      `select id, status, trigger, started_at, finished_at, counts->'counts' as counts, error from scans
       where id > $1 or id = any($2::bigint[]) or status = 'running' order by id`,
      [lastScanId, [...scansRunning]],
    );
    for (const row of rows) {
      const id = Number(row.id);
      lastScanId = Math.max(lastScanId, id);
      const scan = {
        id,
        status: row.status,
        trigger: row.trigger,
        startedAt: new Date(row.started_at).toISOString(),
        finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
        counts: row.counts ?? {},
        error: row.error,
      };
      if (row.status === 'running') {
        if (!scansRunning.has(id)) broadcast('scan-started', scan);
        scansRunning.add(id);
      } else {
        scansRunning.delete(id);
        broadcast('scan-finished', scan);
      }
    }
  }

  async function pollBacklog() {
    const [row] = await store.query<{ v: number | string | null }>('select max(id) as v from violation_count_deltas');
    const version = Number(row.v ?? 0);
    if (backlogVersion !== undefined && version !== backlogVersion) broadcast('backlog', { version });
    backlogVersion = version;
  }

  async function pollQueues() {
    if (!options.queueStats) return;
    const snapshot = await options.queueStats.snapshot();
    broadcast('queues', { queues: snapshot }, 'queues');
  }

  async function pollOnce() {
    polls++;
    await pollRuns();
    await pollScans();
    await pollBacklog();
    if (polls % (options.queueEvery ?? 2) === 1) await pollQueues();
  }

  function poll(): Promise<void> {
    // One poll at a time: a slow database must not stack them up.
    polling ??= pollOnce()
      .catch((error: unknown) => options.log(`event poll failed: ${(error as Error).message}`))
      .finally(() => {
        polling = undefined;
      });
    return polling;
  }

  function schedule() {
    if (closed || timer || clients.size === 0) return;
    timer = setTimeout(async () => {
      await poll();
      timer = undefined;
      schedule();
    }, intervalMs);
    timer.unref();
  }

  return {
    subscribe(req, res) {
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(`retry: 3000\n\n`);
      write(res, 'hello', JSON.stringify({ at: clock().toISOString() }));
      for (const { event, json } of last.values()) write(res, event, json);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      heartbeat ??= setInterval(() => {
        for (const client of clients) client.write(': ping\n\n');
      }, HEARTBEAT_MS).unref();
      // A first poll at once: a new page should not wait a tick to see its runs.
      if (clients.size === 1) void poll();
      schedule();
    },
    publish(event, data) {
      broadcast(event, data);
    },
    clients: () => clients.size,
    poll,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (heartbeat) clearInterval(heartbeat);
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}

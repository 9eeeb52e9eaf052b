/**
 * `sweep serve` assembled: library synced, count triggers installed, the queue opened (with
 * in-process workers when nothing else can serve it — always the case on the embedded queue),
 * queue statistics, the event hub, the scan launcher, periodic maintenance, and the HTTP server.
 * Everything is created here from what the caller passes in, and closed in reverse by `close()`.
 */
import type { Worker } from 'bullmq';
import { catalogs, rules } from '../../policies/index.ts';
import type { Config } from '../config/index.ts';
import type { Store } from '../db/store.ts';
import { syncLibrary } from '../engine/library.ts';
import type { SourceRequest } from '../engine/scan.ts';
import { openQueueRuntime, type QueueRuntime } from '../queue/runtime.ts';
import { installBacklogAggregates } from '../violations/counts.ts';
import { buildWorkerDeps } from '../workers/deps.ts';
import { startWorkers } from '../workers/index.ts';
import type { ServerDeps } from './deps.ts';
import { createEventHub } from './events.ts';
import { startMaintenance } from './maintenance.ts';
import { prEngineApproval, type ApprovePullRequest } from './prs.ts';
import { createQueueStats } from './queues.ts';
import { createScanLauncher } from './scans.ts';
import { startServer } from './server.ts';

export interface DashboardOptions {
  store: Store;
  config: Pick<Config, 'redisUrl' | 'databaseUrl' | 'queuePrefix' | 'home' | 'configFile' | 'openaiBaseUrl' | 'openaiApiKey' | 'model' | 'githubToken'>;
  cwd: string;
  env: NodeJS.ProcessEnv;
  port: number;
  host: string;
  /** What `POST /api/v1/scans` without connections reads (`--source`). */
  defaultSources?: SourceRequest[];
  /** In-process workers: always, never, or only on the embedded queue (where no other process can reach it). */
  workers?: 'always' | 'never' | 'auto';
  concurrency?: number;
  /** An already open queue (tests); otherwise one is opened from the config. */
  queue?: QueueRuntime;
  approvePullRequest?: ApprovePullRequest;
  secureCookies?: boolean;
  clock?: () => Date;
  log: (line: string) => void;
}

export interface Dashboard {
  url: string;
  deps: ServerDeps;
  workers: number;
  close(): Promise<void>;
}

export async function openDashboard(options: DashboardOptions): Promise<Dashboard> {
  const { store, config, log } = options;
  const clock = options.clock ?? (() => new Date());
  await syncLibrary(store, rules, catalogs);
  const installed = await installBacklogAggregates(store);
  if (installed.rebuilt) log(`backlog counts rebuilt and kept by triggers from now on${installed.backfilled ? ` (${installed.backfilled} burndown points from the event trail)` : ''}`);

  const ownQueue = options.queue === undefined;
  const queue = options.queue ?? (await openQueueRuntime({ redisUrl: config.redisUrl, databaseUrl: config.databaseUrl, store, prefix: config.queuePrefix }));
  const mode = options.workers ?? 'auto';
  let workers: Worker[] = [];
  if (mode === 'always' || (mode === 'auto' && queue.kind === 'pglite')) {
    const workerDeps = await buildWorkerDeps({ store, config, env: options.env, cwd: options.cwd });
    workers = startWorkers(queue, workerDeps, { concurrency: options.concurrency ?? 2, onError: (error) => log(`worker: ${error.message}`) });
  }
  const queueStats = createQueueStats(queue, clock);
  const events = createEventHub({ store, queueStats, clock, log });
  const scans = createScanLauncher({
    store,
    cwd: options.cwd,
    env: options.env,
    home: config.home,
    configFile: config.configFile,
    defaultSources: options.defaultSources ?? [],
    onFinished({ report, error }) {
      if (error) log(`scan failed: ${error.message}`);
      else if (report) log(`scan ${report.scanId} ${report.status}: ${report.counts.new} new, ${report.counts.resolved} resolved`);
      void events.poll();
    },
  });
  const deps: ServerDeps = {
    store,
    queue,
    queueStats,
    events,
    scans,
    clock,
    secureCookies: options.secureCookies ?? false,
    approvePullRequest: options.approvePullRequest ?? prEngineApproval({ store, config, cwd: options.cwd, env: options.env }),
    log,
  };
  const server = await startServer(deps, { port: options.port, host: options.host });
  const stopMaintenance = startMaintenance(store, { clock, log });
  return {
    url: server.url,
    deps,
    workers: workers.length,
    async close() {
      stopMaintenance();
      await server.close();
      await scans.idle();
      await Promise.allSettled(workers.map((w) => w.close()));
      if (ownQueue) await queue.close();
    },
  };
}

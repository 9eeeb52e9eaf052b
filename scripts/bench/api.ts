/**
 * `npm run bench:api -- [--violations N] [--requests R] [--concurrency C] [--database-url URL] [--keep]`
 * Loads N synthetic violations (default 1,000,000; api-data.ts) into a fresh Postgres database,
 * starts the real server (`openDashboard`: count triggers installed, counts rebuilt), and times
 * R requests per endpoint over HTTP with a viewer token, C at a time. Prints a table of p50/p95/p99
 * per endpoint, then JSON. Target: summary and the explorer's first page under 100 ms at p95.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogs, rules } from '../../policies/index.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { syncLibrary } from '../../src/engine/library.ts';
import { openQueueRuntime } from '../../src/queue/runtime.ts';
import { createToken } from '../../src/server/auth/tokens.ts';
import { openDashboard } from '../../src/server/dashboard.ts';
import { OPEN_STATUSES } from '../../src/violations/filter.ts';
import { createTestDatabase } from '../../test/support/stores.ts';
import { generateBacklog } from './api-data.ts';
import { benchArgs, numberArg, peakRssMb } from './args.ts';

export interface EndpointTiming {
  endpoint: string;
  path: string;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Rows in the answer (items, or points), to show the request did real work. */
  rows: number;
}

export interface ApiBenchResult {
  benchmark: 'api';
  violations: number;
  loadMs: number;
  installMs: number;
  concurrency: number;
  endpoints: EndpointTiming[];
  /** The targets: summary and the explorer's first page under 100 ms at p95. */
  targets: { endpoint: string; p95: number; limitMs: number; ok: boolean }[];
  peakRssMb: number;
}

function percentile(sorted: number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
}

async function time(url: string, token: string, requests: number, concurrency: number): Promise<{ ms: number[]; rows: number }> {
  const ms: number[] = [];
  let rows = 0;
  let next = 0;
  const one = async () => {
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { items?: unknown[]; points?: unknown[]; open?: number };
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${JSON.stringify(body)}`);
    ms.push(performance.now() - started);
    rows = body.items?.length ?? body.points?.length ?? (body.open === undefined ? 1 : 1);
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < requests) await one();
    }),
  );
  return { ms: ms.sort((a, b) => a - b), rows };
}

export async function benchApi(options: { violations: number; requests: number; concurrency: number; databaseUrl?: string; keep?: boolean }): Promise<ApiBenchResult> {
  const database = options.databaseUrl ? undefined : await createTestDatabase();
  const store = await openPostgres(options.databaseUrl ?? database!.url, { max: 12 });
  const home = await mkdtemp(join(tmpdir(), 'sweep-bench-api-'));
  const queue = await openQueueRuntime({ redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379', store, prefix: `sweep-bench-${randomBytes(4).toString('hex')}` });
  let dashboard: Awaited<ReturnType<typeof openDashboard>> | undefined;
  try {
    await syncLibrary(store, rules, catalogs);
    let mark = performance.now();
    await generateBacklog(store, { violations: options.violations, resources: Math.max(1, Math.floor(options.violations / 4)), scans: 30 });
    const loadMs = performance.now() - mark;
    mark = performance.now();
    dashboard = await openDashboard({
      store,
      config: { home, queuePrefix: queue.prefix, model: 'none' },
      cwd: home,
      env: {},
      port: 0,
      host: '127.0.0.1',
      workers: 'never',
      queue,
      log: (line) => process.stderr.write(`serve: ${line}\n`),
    });
    const installMs = performance.now() - mark;
    const { token } = await createToken(store, { name: 'bench-viewer', role: 'viewer', actor: 'bench' });
    const base = dashboard.url;

    const open = `status=${OPEN_STATUSES.join(',')}`;
    const firstPage = (await (await fetch(`${base}/api/v1/violations?${open}&limit=50`, { headers: { authorization: `Bearer ${token}` } })).json()) as { nextCursor: string };
    const endpoints: [string, string][] = [
      ['summary', '/api/v1/summary'],
      ['burndown', '/api/v1/burndown'],
      ['explorer first page (open, most severe first)', `/api/v1/violations?${open}&limit=50`],
      ['explorer next page (cursor)', `/api/v1/violations?${open}&limit=50&cursor=${firstPage.nextCursor}`],
      ['explorer first page, no filter', '/api/v1/violations?limit=50'],
      ['explorer first page, newest', `/api/v1/violations?${open}&sort=newest&limit=50`],
      ['explorer: low + pci-dss', `/api/v1/violations?severity=low&framework=pci-dss&${open}&limit=50`],
      ['explorer: one account + assigned', '/api/v1/violations?account=123456789007&status=assigned&limit=50'],
      ['count: open + framework (counts)', `/api/v1/violations/count?${open}&framework=pci-dss`],
      ['count: one account (table)', '/api/v1/violations/count?account=123456789007'],
      ['resources', '/api/v1/resources?limit=50'],
      ['scans', '/api/v1/scans?limit=50'],
      ['remediations', '/api/v1/remediations'],
      ['prs', '/api/v1/prs'],
      ['audit', '/api/v1/audit?limit=50'],
    ];
    const timings: EndpointTiming[] = [];
    for (const [endpoint, path] of endpoints) {
      await time(base + path, token, Math.min(20, options.requests), 1); // warm caches and plans
      const { ms, rows } = await time(base + path, token, options.requests, options.concurrency);
      timings.push({ endpoint, path, requests: ms.length, p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99), max: Math.round(ms.at(-1)! * 10) / 10, rows });
    }
    const targets = ['summary', 'explorer first page (open, most severe first)'].map((endpoint) => {
      const p95 = timings.find((t) => t.endpoint === endpoint)!.p95;
      return { endpoint, p95, limitMs: 100, ok: p95 < 100 };
    });
    return { benchmark: 'api', violations: options.violations, loadMs: Math.round(loadMs), installMs: Math.round(installMs), concurrency: options.concurrency, endpoints: timings, targets, peakRssMb: peakRssMb() };
  } finally {
    await dashboard?.close();
    await queue.close();
    await store.close();
    if (!options.keep) await database?.drop();
    await rm(home, { recursive: true, force: true });
  }
}

function table(result: ApiBenchResult): string {
  const header = ['endpoint', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'rows'];
  const rows = result.endpoints.map((e) => [e.endpoint, String(e.p50), String(e.p95), String(e.p99), String(e.max), String(e.rows)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [
    `${result.violations.toLocaleString('en-US')} violations, loaded in ${(result.loadMs / 1000).toFixed(1)} s; server start (counts rebuilt) ${(result.installMs / 1000).toFixed(1)} s; ${result.endpoints[0].requests} requests per endpoint, ${result.concurrency} at a time`,
    line(header),
    ...rows.map(line),
    ...result.targets.map((t) => `target ${t.endpoint}: p95 ${t.p95} ms < ${t.limitMs} ms ${t.ok ? 'OK' : 'MISSED'}`),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = benchArgs(process.argv.slice(2));
  const result = await benchApi({
    violations: numberArg(args, 'violations', 1_000_000),
    requests: numberArg(args, 'requests', 200),
    concurrency: numberArg(args, 'concurrency', 1),
    databaseUrl: args.get('database-url'),
    keep: args.has('keep'),
  });
  process.stdout.write(table(result) + '\n');
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  if (result.targets.some((t) => !t.ok)) process.exitCode = 1;
}

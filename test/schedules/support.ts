/**
 * Shared by the schedule tests: a webhook receiver on 127.0.0.1 (a real HTTP server that answers
 * with scripted statuses and records what it got), the scan deps a worker would build, and a
 * polling helper.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Store } from '../../src/db/store.ts';
import type { QueueRuntime } from '../../src/queue/runtime.ts';
import type { ScanJobDeps } from '../../src/schedules/scan-job.ts';
import type { WorkerDeps } from '../../src/workers/index.ts';
import { buildWorkerDeps } from '../../src/workers/deps.ts';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface HookRequest {
  at: number;
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Never answer (to exercise the client's timeout). */
  hang?: boolean;
}

export interface HookServer {
  url: string;
  requests: HookRequest[];
  /** Replies served in order; then `fallback`. */
  script(...replies: Reply[]): void;
  fallback: Reply;
  close(): Promise<void>;
}

export async function startHookServer(): Promise<HookServer> {
  const queue: Reply[] = [];
  const requests: HookRequest[] = [];
  const hook: HookServer = {
    url: '',
    requests,
    script: (...replies) => queue.push(...replies),
    fallback: { status: 204 },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      requests.push({ at: Date.now(), path: request.url ?? '', headers: request.headers, body: raw ? JSON.parse(raw) : undefined });
      const reply = queue.shift() ?? hook.fallback;
      if (reply.hang) return;
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(reply.status >= 400 ? JSON.stringify({ error: 'scripted failure' }) : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hook.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return hook;
}

/** What `sweep worker` passes to the scan handler, with fast notification retries and captured logs. */
export function scanDeps(store: Store, runtime: QueueRuntime, cwd: string, lines: string[], env: NodeJS.ProcessEnv = {}): ScanJobDeps {
  return { store, runtime, cwd, env, log: (line) => lines.push(line), webhook: { baseDelayMs: 20, timeoutMs: 2_000 } };
}

export async function workerDeps(store: Store, scan: ScanJobDeps): Promise<WorkerDeps> {
  return { ...(await buildWorkerDeps({ store, config: { model: 'unused', home: '.sweep' }, cwd: scan.cwd })), scan };
}

export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

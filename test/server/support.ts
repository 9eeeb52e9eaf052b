/**
 * A running `sweep serve` for tests: a fresh Postgres database scanned from the pulumi-state
 * fixtures (real rules, real controls), the queue on the local Redis under a private prefix (no
 * workers: runs stay queued unless a test moves them), one token per role, and a fetch helper.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules } from '../../policies/index.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import type { Store } from '../../src/db/store.ts';
import { runScan } from '../../src/engine/scan.ts';
import { openQueueRuntime, type QueueRuntime } from '../../src/queue/runtime.ts';
import type { ApiRole } from '../../src/server/auth/roles.ts';
import { createToken } from '../../src/server/auth/tokens.ts';
import { openDashboard, type Dashboard } from '../../src/server/dashboard.ts';
import { sourceRegistry } from '../../src/sources/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/stores.ts';

export const EXPORTS = fileURLToPath(new URL('../fixtures/sources/pulumi-state/exports', import.meta.url));
export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiFixture {
  url: string;
  /** A git repository on disk: the repo a pull request on the local forge can name. */
  repoDir: string;
  store: Store;
  queue: QueueRuntime;
  dashboard: Dashboard;
  tokens: Record<ApiRole, string>;
  names: Record<ApiRole, string>;
  call<T = any>(method: string, path: string, options?: CallOptions): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

export async function scanFixtures(store: Store, actor = 'test'): Promise<number> {
  const report = await runScan(
    { store, sources: sourceRegistry, context: { cwd: process.cwd() } },
    { sources: [{ kind: 'pulumi-state', target: EXPORTS }], rules, packs: [], trigger: 'manual', actor },
  );
  return report.scanId;
}

export async function startApiFixture(options: { scan?: boolean } = {}): Promise<ApiFixture> {
  const database: TestDatabase = await createTestDatabase();
  const store = await openPostgres(database.url, { max: 8 });
  const home = await mkdtemp(join(tmpdir(), 'sweep-serve-'));
  const repoDir = join(home, 'acme-infra');
  execFileSync('git', ['init', '--quiet', repoDir]);
  const queue = await openQueueRuntime({ redisUrl: REDIS_URL, store, prefix: `sweep-test-${randomBytes(4).toString('hex')}` });
  const dashboard = await openDashboard({
    store,
    config: { home, queuePrefix: queue.prefix, model: 'none' },
    cwd: home,
    env: {},
    port: 0,
    host: '127.0.0.1',
    defaultSources: [{ kind: 'pulumi-state', target: EXPORTS }],
    workers: 'never',
    queue,
    log: (line) => { if (process.env.SWEEP_TEST_LOG) process.stderr.write(line + '\n'); },
  });
  // Scanned after the server started: the count triggers are in place, so this also exercises them.
  if (options.scan !== false) await scanFixtures(store);
  const suffix = randomBytes(2).toString('hex');
  const names = { viewer: `auditor-${suffix}`, operator: `secops-${suffix}`, admin: `platform-admin-${suffix}` } satisfies Record<ApiRole, string>;
  const tokens = {} as Record<ApiRole, string>;
  for (const role of ['viewer', 'operator', 'admin'] as const) tokens[role] = (await createToken(store, { name: names[role], role, actor: 'test' })).token;

  return {
    url: dashboard.url,
    repoDir,
    store,
    queue,
    dashboard,
    tokens,
    names,
    async call(method, path, call = {}) {
      const headers: Record<string, string> = { ...call.headers };
      if (call.token) headers.authorization = `Bearer ${call.token}`;
      if (call.body !== undefined) headers['content-type'] ??= 'application/json';
      const response = await fetch(dashboard.url + path, { method, headers, body: call.body === undefined ? undefined : JSON.stringify(call.body) });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON (static files): keep the text
      }
      return { status: response.status, headers: response.headers, body: body as any };
    },
    async close() {
      await dashboard.close();
      for (const name of ['fix', 'pr']) await queue.queue(name).obliterate({ force: true }).catch(() => {});
      await queue.close();
      await store.close();
      await database.drop();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Every audit row written by `actor`, oldest first. */
export async function auditRows(store: Store, actor: string): Promise<{ action: string; target: string | null; details: any }[]> {
  return store.query('select action, target, details from audit_log where actor = $1 order by id', [actor]);
}

/** A pull request awaiting approval on the local forge (open as a draft, not yet numbered), as the PR engine records it. */
export async function insertPendingPr(api: ApiFixture, title = 'Enable S3 versioning (3 violations)'): Promise<number> {
  const [row] = await api.store.query<{ id: number }>(
    `insert into pull_requests (forge, repo, branch, batch_key, title, body, state, draft, approval, approval_reason, url, checks)
     values ('local', $1, 'sweep/aws-s3-bucket-versioning/prod', 'acme/infra|prod|aws-s3-bucket-versioning', $2, '', 'open', true, 'pending',
       'manual mode', 'file://' || $1 || '#sweep/aws-s3-bucket-versioning/prod', '{"state":"success"}')
     returning id`,
    [api.repoDir, title],
  );
  return Number(row.id);
}

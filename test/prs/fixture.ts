/**
 * A small, fast world for PR tests: a real git repository with a Pulumi program, a real database
 * (PGlite in memory, or Postgres) holding the policy library, and verified fixes written the way
 * fix-group.ts leaves them (a `fixes` row with the patch, its base commit and verification report;
 * its violations in `fix_proposed`). Patches are made by git itself.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { catalogs, rules } from '../../policies/index.ts';
import { configFileSchema } from '../../src/config/file.ts';
import type { Store } from '../../src/db/store.ts';
import { syncLibrary } from '../../src/engine/library.ts';
import { git } from '../../src/forges/local/git.ts';
import type { PlannedBatch } from '../../src/remediation/plan.ts';
import { buildPrServices, type PrServices } from '../../src/prs/services.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { createTestDatabase, openTestStore, type Backend } from '../support/stores.ts';

const run = promisify(execFile);
export const PERSON = { name: 'Acme Platform Team', email: 'platform@acme.example' };
const PERSON_ENV = { GIT_AUTHOR_NAME: PERSON.name, GIT_AUTHOR_EMAIL: PERSON.email, GIT_COMMITTER_NAME: PERSON.name, GIT_COMMITTER_EMAIL: PERSON.email };

export const PROGRAM = {
  'infra/Pulumi.yaml': 'name: acme-payments\nruntime: nodejs\n',
  'infra/storage.ts': [
    'import * as aws from "@pulumi/aws";',
    '',
    'export const logs = new aws.s3.Bucket("logs", {',
    '    acl: "private",',
    '});',
    '',
    'export const assets = new aws.s3.Bucket("assets", {',
    '    acl: "private",',
    '});',
    '',
  ].join('\n'),
  'infra/database.ts': [
    'import * as aws from "@pulumi/aws";',
    '',
    'export const db = new aws.rds.Instance("analytics-db", {',
    '    engine: "postgres",',
    '    publiclyAccessible: true,',
    '});',
    '',
  ].join('\n'),
};

export async function gitAsPerson(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, env: { ...process.env, ...PERSON_ENV } });
  return stdout.trim();
}

export interface QueueCalls {
  syncAt: Date[];
  runs: { runId: number; batches: PlannedBatch[] }[];
}

export interface PrWorld {
  store: Store;
  /** Set for the postgres backend: the CLI can open the same database. */
  databaseUrl?: string;
  repoDir: string;
  clock: { now: Date };
  queue: QueueCalls;
  services(overrides?: { prs?: Record<string, unknown>; repos?: Record<string, unknown> }): PrServices;
  head(): Promise<string>;
  /** A patch (as `git diff` makes it) turning files at `base` into `files`. */
  patch(base: string, files: Record<string, string>): Promise<string>;
  /** A verified fix of `policyId` for resources, as fix-group.ts records it; returns fix and violation ids. */
  addFix(input: { policyId: string; resources: { name: string; type: string; path: string; line: number }[]; files: Record<string, string>; base?: string; approval?: string; propertyDiff?: Record<string, Record<string, [unknown, unknown]>>; groupKey?: string }): Promise<{ fixId: number; runId: number; violationIds: number[]; batchKey: string }>;
  commitToBase(files: Record<string, string>, message?: string): Promise<string>;
  close(): Promise<void>;
}

let serial = 0;

export async function prWorld(backend: Backend = 'pglite'): Promise<PrWorld> {
  const repoDir = await mkdtemp(join(tmpdir(), 'sweep-prs-'));
  await gitAsPerson(repoDir, ['init', '-q', '-b', 'main']);
  for (const [path, content] of Object.entries(PROGRAM)) {
    await mkdir(join(repoDir, path, '..'), { recursive: true });
    await writeFile(join(repoDir, path), content);
  }
  await gitAsPerson(repoDir, ['add', '-A']);
  await gitAsPerson(repoDir, ['commit', '-q', '-m', 'Acme payments infrastructure']);
  let databaseUrl: string | undefined;
  let store: Store;
  let close: () => Promise<void>;
  if (backend === 'postgres') {
    const database = await createTestDatabase();
    databaseUrl = database.url;
    store = await openPostgres(database.url);
    close = async () => {
      await store.close();
      await database.drop();
    };
  } else {
    ({ store, close } = await openTestStore(backend));
  }
  await syncLibrary(store, rules, catalogs);
  const clock = { now: new Date('2026-03-02T10:00:00Z') };
  const queue: QueueCalls = { syncAt: [], runs: [] };
  const world: PrWorld = {
    store,
    databaseUrl,
    repoDir,
    clock,
    queue,
    services(overrides = {}) {
      const file = configFileSchema.parse({
        repos: { 'acme/acme-infra': { path: repoDir, ...overrides.repos } },
        prs: { limits: { openPerRepo: 10, newPerHourPerRepo: 100, fleetPerMinute: 100 }, ...overrides.prs },
      });
      return buildPrServices({
        store,
        file,
        env: {},
        cwd: '/',
        actor: 'test:prs',
        now: () => clock.now,
        queue: {
          syncAt: async (at) => void queue.syncAt.push(at),
          enqueueRun: async (runId, batches) => void queue.runs.push({ runId, batches }),
        },
      });
    },
    head: () => git(repoDir, ['rev-parse', 'HEAD']),
    async patch(base, files) {
      const scratch = await mkdtemp(join(tmpdir(), 'sweep-patch-'));
      const env = { GIT_INDEX_FILE: join(scratch, 'index') };
      try {
        await git(repoDir, ['read-tree', base], { env });
        for (const [path, content] of Object.entries(files)) {
          const blob = await git(repoDir, ['hash-object', '-w', '--stdin'], { input: content });
          await git(repoDir, ['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`], { env });
        }
        // Exactly what checkoutPatch stores.
        const { stdout } = await run('git', ['diff', '--cached', '--no-color', '--binary', base], { cwd: repoDir, env: { ...process.env, ...env } });
        return stdout;
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    },
    async addFix(input) {
      const base = input.base ?? (await world.head());
      const batchKey = `acme/acme-infra|dev|${input.policyId}`;
      const [runRow] = await store.query<{ id: number }>(
        `insert into remediation_runs (status, options, counts, created_by) values ('finished', $1, '{}', 'test') returning id`,
        [JSON.stringify(input.approval ? { approval: input.approval } : {})],
      );
      const runId = Number(runRow.id);
      const rule = rules.find((r) => r.id === input.policyId)!;
      const propertyDiff = input.propertyDiff ?? Object.fromEntries(input.resources.map((r) => [`urn:pulumi:dev::acme-payments::${r.type}::${r.name}`, { versioning: [undefined, { enabled: true }] }]));
      const [fix] = await store.query<{ id: number }>(
        `insert into fixes (run_id, group_key, strategy, status, patch, verification, violations, base_sha, finished_at)
         values ($1, $2, 'remediate-props', 'verified', $3, $4, $5, $6, now()) returning id`,
        [
          runId,
          input.groupKey ?? batchKey,
          await world.patch(base, input.files),
          JSON.stringify({
            report: {
              ok: true,
              layers: [
                { layer: 'typecheck', ok: true, durationMs: 2100, detail: 'no errors' },
                { layer: 'mocks', ok: true, durationMs: 9400, detail: '3 resources registered (3 before)' },
                { layer: 'policies', ok: true, durationMs: 40, detail: 'target violations gone, none new' },
                { layer: 'diff', ok: true, durationMs: 5, detail: 'changed exactly as intended' },
              ],
              propertyDiff,
            },
            attempts: [],
          }),
          input.resources.length,
          base,
        ],
      );
      const fixId = Number(fix.id);
      const violationIds: number[] = [];
      for (const resource of input.resources) {
        const urn = `urn:pulumi:dev::acme-payments::${resource.type}::${resource.name}`;
        const key = `pulumi:acme-payments/dev:${urn}`;
        await store.query(
          `insert into resources (key, scope, type, native_type, name, provider, role, source, props, tags, iac, first_seen_scan, last_seen_scan, urn)
           values ($1, 'pulumi:acme-payments/dev', $2, $2, $3, 'aws', 'custom', 'pulumi-state', '{}', '{}', $4, 1, 1, $5) on conflict (key) do nothing`,
          [key, resource.type, resource.name, JSON.stringify({ kind: 'pulumi', repo: 'acme/acme-infra', stack: 'dev', project: 'acme-payments', path: resource.path, line: resource.line }), urn],
        );
        const [v] = await store.query<{ id: number }>(
          `insert into violations (fingerprint, policy_id, resource_key, scope, resource_type, severity, status, message, assignee, first_seen_scan, last_seen_scan, remediation_run_id, fix_id)
           values ($1, $2, $3, 'pulumi:acme-payments/dev', $4, $5, 'fix_proposed', 'fails', 'ai', 1, 1, $6, $7) returning id`,
          [`fp-${++serial}-${input.policyId}-${resource.name}`, input.policyId, key, resource.type, rule.severity, runId, fixId],
        );
        violationIds.push(Number(v.id));
      }
      return { fixId, runId, violationIds, batchKey };
    },
    async commitToBase(files, message = 'a person changed main') {
      for (const [path, content] of Object.entries(files)) await writeFile(join(repoDir, path), content);
      await gitAsPerson(repoDir, ['add', '-A']);
      await gitAsPerson(repoDir, ['commit', '-q', '-m', message]);
      return world.head();
    },
    async close() {
      await close();
      await rm(repoDir, { recursive: true, force: true });
    },
  };
  return world;
}

export const STORAGE_FIXED = PROGRAM['infra/storage.ts'].replace('export const logs = new aws.s3.Bucket("logs", {\n    acl: "private",', 'export const logs = new aws.s3.Bucket("logs", {\n    acl: "private",\n    versioning: { enabled: true },');
export const STORAGE_ASSETS_FIXED = PROGRAM['infra/storage.ts'].replace('export const assets = new aws.s3.Bucket("assets", {\n    acl: "private",', 'export const assets = new aws.s3.Bucket("assets", {\n    acl: "private",\n    versioning: { enabled: true },');
export const STORAGE_BOTH_FIXED = STORAGE_FIXED.replace('export const assets = new aws.s3.Bucket("assets", {\n    acl: "private",', 'export const assets = new aws.s3.Bucket("assets", {\n    acl: "private",\n    versioning: { enabled: true },');
export const DATABASE_FIXED = PROGRAM['infra/database.ts'].replace('publiclyAccessible: true', 'publiclyAccessible: false');

/**
 * `node --import tsx scripts/bench/prs.ts [--groups 1000] [--store postgres|pglite] [--concurrency 2]`
 *
 * PR creation on the local forge, through the real publish path (patches applied with
 * `git apply --cached` onto the base, one commit per group, branch written with commit-tree +
 * update-ref, PR row, violations linked, audit log), for `--groups` verified fix groups shaped two
 * ways: one group per PR (N PRs) and 100 groups per PR (N/100 PRs). Then the size of the body of
 * a 200-violation batch (4 groups of 50). Fixes and violations are written straight into the
 * database the way fix-group.ts leaves them; the repository is a real git repo with N resources.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { catalogs, rules } from '../../policies/index.ts';
import { configFileSchema } from '../../src/config/file.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import type { Store } from '../../src/db/store.ts';
import { syncLibrary } from '../../src/engine/library.ts';
import { git } from '../../src/forges/local/git.ts';
import { publishBatch } from '../../src/prs/publish.ts';
import { buildPrServices } from '../../src/prs/services.ts';
import { createTestDatabase } from '../../test/support/stores.ts';
import { benchArgs, numberArg, peakRssMb } from './args.ts';

const PER_FILE = 50;
const POLICY = 'aws-s3-bucket-versioning';
const IDENTITY = { GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.com' };

/** Resource i lives in infra/f<i/50>.ts, a 4-line block starting at line 2 + 4*(i%50). */
function block(i: number, enabled: boolean): string[] {
  return [`export const r${i} = new aws.s3.Bucket("r${i}", {`, `    versioning: { enabled: ${enabled} },`, '});', ''];
}

function patchFor(i: number): string {
  const file = `infra/f${Math.floor(i / PER_FILE)}.ts`;
  const start = 2 + 4 * (i % PER_FILE);
  const [open, , close] = block(i, false);
  return [
    `diff --git a/${file} b/${file}`,
    `--- a/${file}`,
    `+++ b/${file}`,
    `@@ -${start},3 +${start},3 @@`,
    ` ${open}`,
    `-${block(i, false)[1]}`,
    `+${block(i, true)[1]}`,
    ` ${close}`,
    '',
  ].join('\n');
}

export async function repoWith(resources: number): Promise<{ dir: string; head: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'sweep-bench-prs-'));
  await mkdir(join(dir, 'infra'));
  await writeFile(join(dir, 'infra', 'Pulumi.yaml'), 'name: bench\nruntime: nodejs\n');
  for (let f = 0; f * PER_FILE < resources; f++) {
    const lines = ['import * as aws from "@pulumi/aws";'];
    for (let i = f * PER_FILE; i < Math.min(resources, (f + 1) * PER_FILE); i++) lines.push(...block(i, false));
    await writeFile(join(dir, 'infra', `f${f}.ts`), lines.join('\n'));
  }
  await git(dir, ['init', '-q', '-b', 'main']);
  await git(dir, ['add', '-A']);
  await git(dir, ['commit', '-q', '-m', 'bench estate'], { env: IDENTITY });
  return { dir, head: await git(dir, ['rev-parse', 'HEAD']) };
}

/** Verified fixes + their violations, one resource per group, `groupsPerBatch` groups per batch key. */
export async function seed(store: Store, head: string, shape: string, groups: number, groupsPerBatch: number, violationsPerGroup = 1): Promise<string[]> {
  const [run] = await store.query<{ id: number }>(`insert into remediation_runs (status, options, counts, created_by) values ('finished', '{"approval":"auto"}', '{}', 'bench') returning id`);
  const report = (g: number) => JSON.stringify({
    report: {
      ok: true,
      layers: [
        { layer: 'typecheck', ok: true, durationMs: 2300, detail: 'no errors' },
        { layer: 'mocks', ok: true, durationMs: 11_000, detail: 'registered' },
        { layer: 'policies', ok: true, durationMs: 40, detail: 'targets gone, none new' },
        { layer: 'diff', ok: true, durationMs: 60, detail: 'changed exactly as intended' },
      ],
      propertyDiff: Object.fromEntries(
        Array.from({ length: violationsPerGroup }, (_, n) => [`urn:pulumi:prod::bench::aws:s3/bucket:Bucket::r${g}-${n + 1}`, { versioning: [{ enabled: false }, { enabled: true }] }]),
      ),
    },
  });
  const batches = new Set<string>();
  for (let g = 0; g < groups; g++) {
    const stack = `${shape}-s${Math.floor(g / groupsPerBatch)}`;
    const batchKey = `bench/repo|${stack}|${POLICY}`;
    batches.add(batchKey);
    const groupKey = groupsPerBatch > 1 ? `${batchKey}|part${(g % groupsPerBatch) + 1}` : batchKey;
    const [fix] = await store.query<{ id: number }>(
      `insert into fixes (run_id, group_key, strategy, status, patch, verification, violations, base_sha) values ($1, $2, 'remediate-props', 'verified', $3, $4, $5, $6) returning id`,
      [run.id, groupKey, patchFor(g), report(g), violationsPerGroup, head],
    );
    await store.query(
      `insert into violations (fingerprint, policy_id, resource_key, scope, resource_type, severity, status, message, assignee, first_seen_scan, last_seen_scan, remediation_run_id, fix_id)
       select 'bench-' || $1::text || '-' || $4::text || '-' || n, $2, 'bench:r' || $4::text || '-' || n, 'bench', 'aws:s3/bucket:Bucket', 'medium', 'fix_proposed', 'fails', 'ai', 1, 1, $3, $5
       from generate_series(1, $6::int) as n`,
      [shape, POLICY, run.id, g, fix.id, violationsPerGroup],
    );
  }
  return [...batches];
}

export async function publishAll(store: Store, repoDir: string, batches: string[], concurrency: number): Promise<{ ms: number; opened: number; bodies: { chars: number; bytes: number }[] }> {
  const file = configFileSchema.parse({ repos: { 'bench/repo': { path: repoDir } }, prs: { limits: { openPerRepo: 0, newPerHourPerRepo: 0, fleetPerMinute: 0 } } });
  const services = buildPrServices({ store, file, env: {}, cwd: '/', actor: 'bench' });
  const limit = pLimit(concurrency);
  const started = performance.now();
  const outcomes = await Promise.all(batches.map((batchKey) => limit(() => publishBatch(services, { batchKey }))));
  const ms = performance.now() - started;
  const failed = outcomes.filter((o) => o.action !== 'opened');
  if (failed.length) throw new Error(`publish did not open ${failed.length} PRs: ${JSON.stringify(failed[0])}`);
  const bodies = (await store.query<{ chars: number; bytes: number }>(`select length(body) as chars, octet_length(body) as bytes from pull_requests where batch_key = any($1::text[])`, [batches])).map((r) => ({ chars: Number(r.chars), bytes: Number(r.bytes) }));
  return { ms, opened: outcomes.length, bodies };
}

export async function benchPrs(options: { groups: number; store: 'postgres' | 'pglite'; concurrency: number }) {
  const database = options.store === 'postgres' ? await createTestDatabase() : undefined;
  const store = database ? await openPostgres(database.url) : await openPglite('memory://');
  const { dir, head } = await repoWith(Math.max(options.groups, 200));
  try {
    await syncLibrary(store, rules, catalogs);
    const shapes: Record<string, unknown> = {};
    for (const perPr of [1, 100]) {
      const batches = await seed(store, head, `per${perPr}`, options.groups, perPr);
      const r = await publishAll(store, dir, batches, options.concurrency);
      shapes[`groupsPerPr${perPr}`] = {
        prs: r.opened,
        groups: options.groups,
        ms: Math.round(r.ms),
        prsPerSec: Number((r.opened / (r.ms / 1000)).toFixed(1)),
        groupsPerSec: Number((options.groups / (r.ms / 1000)).toFixed(1)),
        msPerPr: Number((r.ms / r.opened).toFixed(1)),
      };
    }
    // A 200-violation batch: 4 groups of 50 violations on 200 resources.
    const big = await seed(store, head, 'big', 4, 4, 50);
    const body = await publishAll(store, dir, big, 1);
    const one = shapes.groupsPerPr1 as { prsPerSec: number };
    return {
      benchmark: 'prs',
      store: options.store,
      concurrency: options.concurrency,
      prsPerSec: one.prsPerSec,
      shapes,
      body200Violations: body.bodies[0],
      peakRssMb: peakRssMb(),
    };
  } finally {
    await store.close();
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = benchArgs(process.argv.slice(2));
  const store = args.get('store') === 'pglite' ? 'pglite' : 'postgres';
  const result = await benchPrs({ groups: numberArg(args, 'groups', 1_000), store, concurrency: numberArg(args, 'concurrency', 2) });
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

/** `sweep prs` in-process on Postgres: list, show, approve, merge (a real git merge), close, sync. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git } from '../../src/forges/local/git.ts';
import { publishBatch } from '../../src/prs/publish.ts';
import { sweep } from '../support/cli.ts';
import { DATABASE_FIXED, prWorld, STORAGE_FIXED, type PrWorld } from './fixture.ts';

let w: PrWorld;
let env: NodeJS.ProcessEnv;
let draftId: number;
let readyId: number;

beforeAll(async () => {
  w = await prWorld('postgres');
  env = { DATABASE_URL: w.databaseUrl, REDIS_URL: '', SWEEP_ACTOR: 'cli:dana', SWEEP_CONFIG: join(w.repoDir, 'sweep.yaml'), SWEEP_QUEUE_PREFIX: `prs-cli-${process.pid}` };
  // The config file lives in the repo's own folder here; sweep never commits it (it is untracked).
  await writeFile(join(w.repoDir, 'sweep.yaml'), `repos:\n  acme/acme-infra:\n    path: .\n`);
  const risky = await w.addFix({ policyId: 'aws-rds-instance-not-public', resources: [{ name: 'analytics-db', type: 'aws:rds/instance:Instance', path: 'infra/database.ts', line: 3 }], files: { 'infra/database.ts': DATABASE_FIXED }, propertyDiff: { 'urn:pulumi:dev::acme-payments::aws:rds/instance:Instance::analytics-db': { publiclyAccessible: [true, false] } } });
  const plain = await w.addFix({ policyId: 'aws-s3-bucket-versioning', resources: [{ name: 'logs', type: 'aws:s3/bucket:Bucket', path: 'infra/storage.ts', line: 3 }], files: { 'infra/storage.ts': STORAGE_FIXED } });
  draftId = ((await publishBatch(w.services(), { batchKey: risky.batchKey, runId: risky.runId })) as { prId: number }).prId;
  readyId = ((await publishBatch(w.services(), { batchKey: plain.batchKey, runId: plain.runId })) as { prId: number }).prId;
}, 180_000);

afterAll(async () => {
  await w.close();
});

describe('sweep prs', () => {
  it('lists PRs as a table and as JSON', async () => {
    const table = await sweep(['prs', 'list'], { env, cwd: w.repoDir });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`^${draftId}\\s+open\\s+awaiting approval\\s+local\\s+\\d+\\s+sweep/aws-rds-instance-not-public/dev\\s+1 fix_proposed`, 'm'));
    const json = (await sweep(['prs', 'list', '--json', '--state', 'open'], { env, cwd: w.repoDir })).json();
    expect(json.prs.map((p: { id: number }) => p.id)).toEqual([draftId, readyId]);
    expect(json.prs[0]).toMatchObject({ state: 'open', draft: true, approval: 'pending', forge: 'local', violations: { fix_proposed: 1 } });
  });

  it('shows one PR with its body, violations and audit trail; unknown ids exit 2', async () => {
    const shown = await sweep(['prs', 'show', String(draftId)], { env, cwd: w.repoDir });
    expect(shown.stdout).toContain('approval: pending (network exposure change (publiclyAccessible))');
    expect(shown.stdout).toContain('### Violations fixed');
    expect(shown.stdout).toMatch(/pr\.open/);
    expect((await sweep(['prs', 'show', '999'], { env, cwd: w.repoDir })).code).toBe(2);
  });

  it('merge refuses a draft awaiting approval; approve, then merge runs git merge into main', async () => {
    const refused = await sweep(['prs', 'merge', String(draftId)], { env, cwd: w.repoDir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/awaiting approval \(run `sweep prs approve \d+` first\)/);
    expect((await sweep(['prs', 'approve', String(draftId)], { env, cwd: w.repoDir })).stdout).toMatch(/approved: ready for review/);
    const merged = await sweep(['prs', 'merge', String(draftId)], { env, cwd: w.repoDir });
    expect(merged.code).toBe(0);
    expect(merged.stdout).toMatch(/merged as [0-9a-f]{7} into main; 1 violations fix_merged/);
    expect(await git(w.repoDir, ['show', 'main:infra/database.ts'])).toContain('publiclyAccessible: false');
    const audit = await w.store.query<{ actor: string; action: string }>(`select actor, action from audit_log where target = $1 order by id`, [`pr ${draftId}`]);
    expect(audit).toEqual([
      { actor: 'test:prs', action: 'pr.open' },
      { actor: 'cli:dana', action: 'pr.approve' },
      { actor: 'cli:dana', action: 'pr.merge' },
      { actor: 'cli:dana', action: 'pr.merged' },
    ]);
  });

  it('close sends the violations back to open with the reason; sync then has nothing left to move', async () => {
    const closed = await sweep(['prs', 'close', String(readyId), '--reason', 'the bucket goes away next sprint'], { env, cwd: w.repoDir });
    expect(closed.stdout).toMatch(/closed; 1 violations back to open/);
    const [v] = await w.store.query<{ status: string; reason: string }>(`select status, reason from violations where pull_request_id = $1`, [readyId]);
    expect(v).toEqual({ status: 'open', reason: expect.stringContaining('the bucket goes away next sprint (closed by cli:dana)') });
    const sync = await sweep(['prs', 'sync', '--json'], { env, cwd: w.repoDir });
    expect(sync.code).toBe(0);
    expect(sync.json().sync).toMatchObject({ merged: [], closed: [], violations: {} });
  }, 120_000);
});

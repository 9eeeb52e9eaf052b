/**
 * `sweep connections add|list|remove` in-process against a real Postgres database, and a scan of a
 * stored connection through the engine on both backends, wired the way `scan --connection` is.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogs, rules } from '../../policies/index.ts';
import { addConnection, connectionSourceRequests, preloadConnectionLookup } from '../../src/connections/store.ts';
import { syncLibrary } from '../../src/engine/library.ts';
import { runScan } from '../../src/engine/scan.ts';
import { isSweepError } from '../../src/errors.ts';
import { sourceRegistry } from '../../src/sources/index.ts';
import { sweep } from '../support/cli.ts';
import { BACKENDS, createTestDatabase, openTestStore, type TestDatabase } from '../support/stores.ts';
import { createSandbox, ROOT, SECRETS, type Sandbox } from './support.ts';

let dir: string;
let database: TestDatabase;
let env: NodeJS.ProcessEnv;
let envFile: string;

async function rows<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sweep-connections-cli-'));
  database = await createTestDatabase();
  // The caller's environment holds credentials too: none of it may be stored.
  env = { DATABASE_URL: database.url, SWEEP_ACTOR: 'test', AWS_SECRET_ACCESS_KEY: SECRETS.secretAccessKey };
  envFile = join(dir, 'prod.env');
  await writeFile(envFile, `AWS_ACCESS_KEY_ID=${SECRETS.accessKeyId}\nAWS_SECRET_ACCESS_KEY="${SECRETS.secretAccessKey}"\n`);
});

afterAll(async () => {
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('sweep connections', () => {
  it('adds, lists and removes connections, auditing every write without a secret', async () => {
    const empty = await sweep(['connections', 'list'], { env, cwd: dir });
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('no connections');

    const add = await sweep(
      ['connections', 'add', 'prod-aws', '--cli', 'aws', '--regions', 'us-east-1,eu-west-1', '--profile', 'scanner', '--env-file', 'prod.env', '--notes', 'payments account'],
      { env, cwd: dir },
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('added connection prod-aws (aws)');
    const cluster = await sweep(['connections', 'add', 'prod-cluster', '--cli', 'kubectl', '--context', 'prod-eks', '--esc', 'acme/infra/k8s-readonly'], { env, cwd: dir });
    expect(cluster.code).toBe(0);

    const listed = await sweep(['connections', 'list', '--json'], { env, cwd: dir });
    expect(listed.code).toBe(0);
    const { connections } = listed.json();
    expect(connections).toHaveLength(2);
    expect(connections[0]).toMatchObject({
      name: 'prod-aws',
      kind: 'aws',
      config: { regions: ['us-east-1', 'eu-west-1'], profile: 'scanner', envFile },
      notes: 'payments account',
    });
    expect(Date.parse(connections[0].createdAt)).not.toBeNaN();
    expect(connections[1]).toMatchObject({ name: 'prod-cluster', kind: 'kubectl', config: { context: 'prod-eks', esc: 'acme/infra/k8s-readonly' }, notes: null });

    const table = await sweep(['connections', 'list'], { env, cwd: dir });
    expect(table.stdout).toMatch(/NAME\s+CLI\s+SETTINGS\s+NOTES/);
    expect(table.stdout).toMatch(/prod-aws\s+aws\s+regions=us-east-1,eu-west-1 profile=scanner envFile=/);

    const removed = await sweep(['connections', 'remove', 'prod-cluster'], { env, cwd: dir });
    expect(removed.code).toBe(0);
    expect((await sweep(['connections', 'list', '--json'], { env, cwd: dir })).json().connections.map((c: { name: string }) => c.name)).toEqual(['prod-aws']);

    const audit = await rows<{ actor: string; action: string; target: string; details: Record<string, unknown> }>(
      'select actor, action, target, details from audit_log order by id',
    );
    expect(audit.map((row) => [row.actor, row.action, row.target])).toEqual([
      ['test', 'connection.add', 'prod-aws'],
      ['test', 'connection.add', 'prod-cluster'],
      ['test', 'connection.remove', 'prod-cluster'],
    ]);
    expect(audit[0].details).toEqual({
      kind: 'aws',
      config: { regions: ['us-east-1', 'eu-west-1'], profile: 'scanner', envFile },
      notes: 'payments account',
    });

    const stored = JSON.stringify([await rows('select * from connections'), await rows('select * from audit_log')]);
    for (const secret of Object.values(SECRETS)) expect(stored).not.toContain(secret);
  });

  it('refuses a name that exists, with exit 1 and no second audit row', async () => {
    const first = await sweep(['connections', 'add', 'staging-gcp', '--cli', 'gcloud', '--project', 'acme-staging'], { env, cwd: dir });
    expect(first.code).toBe(0);
    const again = await sweep(['connections', 'add', 'staging-gcp', '--cli', 'az'], { env, cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('a connection named "staging-gcp" already exists');
    expect(again.stderr).toContain('sweep connections remove staging-gcp');
    const audit = await rows<{ n: string }>("select count(*) as n from audit_log where target = 'staging-gcp'");
    expect(Number(audit[0].n)).toBe(1);
    const [row] = await rows<{ kind: string }>("select kind from connections where name = 'staging-gcp'");
    expect(row.kind).toBe('gcloud');
  });

  it('rejects bad input as usage errors (exit 2) before touching the database', async () => {
    const cases: [string[], RegExp][] = [
      [['connections', 'add', 'x-aws', '--cli', 'terraform'], /--cli must be one of aws, gcloud, az, kubectl/],
      [['connections', 'add', 'Prod_AWS', '--cli', 'aws'], /invalid connection name "Prod_AWS"/],
      [['connections', 'add', 'x-aws', '--cli', 'aws', '--context', 'prod'], /--context does not apply to --cli aws/],
      [['connections', 'add', 'x-aws', '--cli', 'aws', '--regions', 'mars-1'], /--regions: expected an AWS region/],
      [['connections', 'add', 'x-aws', '--cli', 'aws', '--esc', 'just-a-name'], /--esc: expected <org>\/<project>\/<environment>/],
      [['connections', 'add', 'x-aws', '--cli', 'aws', '--env-file', 'missing.env'], /--env-file .*missing.env does not exist/],
      [['connections', 'add', 'x-aws', '--cli', 'aws', '--timeout', '0'], /--timeout must be a positive integer/],
      [['connections', 'add', 'x-aws'], /required option '--cli <cli>'/],
    ];
    for (const [args, message] of cases) {
      const result = await sweep(args, { env, cwd: dir });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
    const [row] = await rows<{ n: string }>("select count(*) as n from connections where name = 'x-aws'");
    expect(Number(row.n)).toBe(0);
  });

  it('reports a malformed env file by line number, exit 1, without its content', async () => {
    const bad = join(dir, 'bad.env');
    await writeFile(bad, `AWS_ACCESS_KEY_ID=${SECRETS.accessKeyId}\n${SECRETS.secretAccessKey}\n`);
    const result = await sweep(['connections', 'add', 'bad-aws', '--cli', 'aws', '--env-file', bad], { env, cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${bad}:2: expected KEY=value`);
    for (const secret of Object.values(SECRETS)) expect(result.stderr).not.toContain(secret);
  });

  it('names an unknown connection on remove and points at the listing', async () => {
    const result = await sweep(['connections', 'remove', 'nope'], { env, cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no connection named "nope"');
    expect(result.stderr).toContain('sweep connections list');
  });
});

describe.each(BACKENDS)('scanning stored connections on %s', (backend) => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await createSandbox();
  });

  afterAll(async () => {
    await sandbox.cleanup();
  });

  it('stores violations found through a connection, looked up from the store', async () => {
    const { store, close } = await openTestStore(backend);
    try {
      await addConnection(store, { name: 'prod-aws', kind: 'aws', config: { regions: ['us-east-1'] } }, 'test');
      await addConnection(store, { name: 'prod-cluster', kind: 'kubectl', config: { context: 'prod-eks' } }, 'test');
      await syncLibrary(store, rules, catalogs);

      expect(await connectionSourceRequests(store, ['prod-aws'])).toEqual([{ kind: 'connection', target: 'prod-aws' }]);
      const all = await connectionSourceRequests(store);
      expect(all.map((request) => request.target)).toEqual(['prod-aws', 'prod-cluster']);
      const unknown = await connectionSourceRequests(store, ['prod-aws', 'nope']).catch((error: unknown) => error);
      expect(isSweepError(unknown) && unknown.message).toBe('no connection named "nope"');

      const report = await runScan(
        { store, sources: sourceRegistry, context: { cwd: ROOT, env: sandbox.env, connection: await preloadConnectionLookup(store) } },
        { sources: all, rules, packs: [], trigger: 'manual', actor: 'test' },
      );
      expect(report.sources.map((s) => s.source)).toEqual(['connection:prod-aws', 'connection:prod-cluster']);
      expect(report.counts.new).toBeGreaterThan(10);

      const open = await store.query<{ policy_id: string; resource_key: string }>(
        `select policy_id, resource_key from violations where resource_key like 'aws:111122223333:%' order by policy_id`,
      );
      expect(open).toContainEqual({
        policy_id: 'aws-s3-bucket-public-access-block',
        resource_key: 'aws:111122223333:arn:aws:s3:::acme-data',
      });
      const scopes = await store.query<{ scope: string }>('select scope from scan_scopes where scan_id = $1 order by scope', [report.scanId]);
      expect(scopes.map((row) => row.scope)).toEqual(['aws:111122223333', 'kubernetes:prod-eks']);
    } finally {
      await close();
    }
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_BIN, SECRETS } from '../connections/support.ts';
import { sweep } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/stores.ts';

let dir: string;
let database: TestDatabase;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sweep-scan-connection-'));
  database = await createTestDatabase();
  env = {
    DATABASE_URL: database.url,
    SWEEP_ACTOR: 'test',
    PATH: `${FAKE_BIN}:${process.env.PATH}`,
    HOME: dir,
    AWS_ACCESS_KEY_ID: SECRETS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SECRETS.secretAccessKey,
  };
});

afterAll(async () => {
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('sweep scan --connection', () => {
  it('scans every connection when none is named, and names unknown ones', async () => {
    expect((await sweep(['connections', 'add', 'prod-aws', '--cli', 'aws', '--regions', 'us-east-1'], { env, cwd: dir })).code).toBe(0);
    const all = await sweep(['scan', '--connection', '--json'], { env, cwd: dir });
    expect(all.stderr).toBe('');
    const report = all.json().scan;
    expect(report.sources.map((s: { source: string }) => s.source)).toEqual(['connection:prod-aws']);
    expect(report.counts.new).toBeGreaterThan(0);
    expect(all.stdout).not.toContain(SECRETS.secretAccessKey);

    const named = await sweep(['scan', '--connection', 'prod-aws', '--json'], { env, cwd: dir });
    expect(named.json().scan.counts).toMatchObject({ new: 0, open: report.counts.new });

    const unknown = await sweep(['scan', '--connection', 'staging-aws'], { env, cwd: dir });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no connection named "staging-aws"/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/postgres.ts';
import { verifyToken } from '../../src/server/auth/tokens.ts';
import { sweep } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/stores.ts';

let database: TestDatabase;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  database = await createTestDatabase();
  env = { DATABASE_URL: database.url, SWEEP_ACTOR: 'cli:ops-lead' };
});
afterAll(async () => {
  await database?.drop();
});

describe('sweep tokens', () => {
  it('creates a token printed once, lists tokens without secrets, revokes, and audits each', async () => {
    const created = await sweep(['tokens', 'create', '--name', 'grafana', '--role', 'viewer'], { env, cwd: process.cwd() });
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^sweep_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/shown only now/);

    const listed = await sweep(['tokens', 'list', '--json'], { env, cwd: process.cwd() });
    expect(listed.json().tokens).toEqual([expect.objectContaining({ name: 'grafana', role: 'viewer', createdBy: 'cli:ops-lead', revokedAt: null })]);
    expect(listed.stdout).not.toContain(token.split('_').at(-1));

    expect((await sweep(['tokens', 'create', '--name', 'grafana', '--role', 'viewer'], { env, cwd: process.cwd() })).code).toBe(2);
    const badRole = await sweep(['tokens', 'create', '--name', 'x', '--role', 'root'], { env, cwd: process.cwd() });
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/--role must be one of viewer, operator, admin/);

    const store = await openPostgres(database.url);
    try {
      expect(await verifyToken(store, token)).toMatchObject({ name: 'grafana', role: 'viewer' });
      expect((await sweep(['tokens', 'revoke', 'grafana'], { env, cwd: process.cwd() })).code).toBe(0);
      expect(await verifyToken(store, token)).toBeUndefined();
      expect((await sweep(['tokens', 'revoke', 'nobody'], { env, cwd: process.cwd() })).code).toBe(1);
      const audit = await store.query<{ actor: string; action: string; target: string }>('select actor, action, target from audit_log order by id');
      expect(audit).toEqual([
        { actor: 'cli:ops-lead', action: 'token.create', target: 'grafana' },
        { actor: 'cli:ops-lead', action: 'token.revoke', target: 'grafana' },
      ]);
    } finally {
      await store.close();
    }
  });

  it('serve refuses a bad port as a usage error', async () => {
    const result = await sweep(['serve', '--port', 'eighty'], { env, cwd: process.cwd() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--port must be a TCP port/);
  });
});

/**
 * `sweep suppress` and `sweep suppressions` on Postgres: accountable exceptions (reason, approver,
 * expiry or --permanent), visible but out of the open counts, reopened by a plain `sweep scan`
 * once expired, listed, shown with what they cover, and revoked — every step on the record.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/postgres.ts';
import type { Store } from '../../src/db/store.ts';
import { sweep } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/stores.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/sources/pulumi-state/exports/web-staging.json', import.meta.url));
const BUCKET = 'gcp:storage/bucket:Bucket';

let dir: string;
let database: TestDatabase;
let store: Store;
let env: NodeJS.ProcessEnv;

const run = (...args: string[]) => sweep(args, { env, cwd: dir });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sweep-suppress-'));
  await copyFile(FIXTURE, join(dir, 'web-staging.json'));
  database = await createTestDatabase();
  store = await openPostgres(database.url);
  env = { DATABASE_URL: database.url, SWEEP_ACTOR: 'cli:alice' };
  const scan = await run('scan', '--source', 'pulumi-state:web-staging.json', '--json');
  expect(scan.json().scan.counts.new).toBe(18);
});

afterAll(async () => {
  await store.close();
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

async function backlogTotal(): Promise<number> {
  return (await run('scan', '--source', 'pulumi-state:web-staging.json', '--json')).json().backlog.total;
}

describe('sweep suppress', () => {
  it('requires filters, a reason, an approver and an expiry (or --permanent): usage errors exit 2', async () => {
    const ok = ['--reason', 'public by design', '--approved-by', 'ciso@acme.com'];
    const cases: [string[], RegExp][] = [
      [['--expires', '2027-03-01', ...ok], /needs at least one filter or --id/],
      [['--type', BUCKET, '--approved-by', 'ciso', '--expires', '2027-03-01'], /required option '--reason/],
      [['--type', BUCKET, '--reason', 'public by design', '--expires', '2027-03-01'], /required option '--approved-by/],
      [['--type', BUCKET, ...ok], /--expires is required \(or --permanent/],
      [['--type', BUCKET, ...ok, '--expires', '2027-03-01', '--permanent'], /either --expires or --permanent/],
      [['--type', BUCKET, ...ok, '--expires', 'next march'], /--expires "next march" is not a date/],
      [['--type', BUCKET, ...ok, '--expires', '2020-01-01'], /is not in the future/],
      [['--type', BUCKET, '--reason', 'x', '--approved-by', 'ciso', '--expires', '2027-03-01'], /--reason must say why/],
    ];
    for (const [args, message] of cases) {
      const result = await run('suppress', ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    const [{ n }] = await store.query<{ n: string }>('select count(*) as n from suppressions');
    expect(Number(n)).toBe(0);
  });

  it('suppresses until an expiry; suppressed stays listed, leaves the open counts, and reopens on the scan after expiry', async () => {
    expect(await backlogTotal()).toBe(18);
    const result = await run('suppress', '--type', BUCKET, '--reason', 'static site, public by design', '--approved-by', 'ciso@acme.com', '--expires', '2027-03-01', '--json');
    expect(result.code).toBe(0);
    const { suppressionId, matched, changed, expiresAt } = result.json();
    expect({ matched, changed, expiresAt }).toEqual({ matched: 4, changed: 4, expiresAt: '2027-03-01T00:00:00.000Z' });

    const listed = (await run('violations', '--status', 'suppressed', '--json')).json().violations;
    expect(listed).toHaveLength(4);
    expect(new Set(listed.map((v: { resource: { type: string } }) => v.resource.type))).toEqual(new Set([BUCKET]));
    // A scan that still sees them keeps them suppressed and out of the backlog.
    expect(await backlogTotal()).toBe(14);
    expect((await run('violations', '--status', 'suppressed', '--json')).json().violations).toHaveLength(4);

    const list = (await run('suppressions', 'list', '--json')).json().suppressions;
    expect(list).toEqual([
      {
        id: suppressionId,
        state: 'active',
        reason: 'static site, public by design',
        approvedBy: 'ciso@acme.com',
        createdBy: 'cli:alice',
        createdAt: expect.any(String),
        expiresAt: '2027-03-01T00:00:00.000Z',
        revokedAt: null,
        filter: { type: [BUCKET] },
        violationIds: null,
        covered: 4,
      },
    ]);
    const shown = (await run('suppressions', 'show', String(suppressionId), '--json')).json();
    expect(shown.suppression.id).toBe(suppressionId);
    expect(shown.violations.map((v: { id: number }) => v.id).sort()).toEqual(listed.map((v: { id: number }) => v.id).sort());
    const text = await run('suppressions', 'show', String(suppressionId));
    expect(text.stdout).toMatch(/suppression \d+ \(active\): static site, public by design/);
    expect(text.stdout).toMatch(/covers 4 violations/);

    // The expiry passes (moved into the past instead of waiting for March): a plain scan reopens them.
    await store.query(`update suppressions set expires_at = now() - interval '1 minute' where id = $1`, [suppressionId]);
    expect((await run('suppressions', 'list', '--active', '--json')).json().suppressions).toEqual([]);
    expect((await run('suppressions', 'list', '--json')).json().suppressions[0]).toMatchObject({ state: 'expired', covered: 4 });
    expect(await backlogTotal()).toBe(18);
    expect((await run('violations', '--status', 'suppressed', '--json')).json().violations).toEqual([]);
    const events = await store.query<{ from_status: string; to_status: string }>(
      `select from_status, to_status from violation_events where violation_id = $1 order by id`,
      [listed[0].id],
    );
    expect(events.map((e) => `${e.from_status ?? '-'}>${e.to_status}`)).toEqual(['->open', 'open>suppressed', 'suppressed>open']);
  });

  it('suppresses permanently (admin, the CLI only), and revokes with a reason', async () => {
    const result = await run('suppress', '--policy', 'k8s-workload-liveness-probe', '--reason', 'no probes on this job runner', '--approved-by', 'ciso', '--permanent');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^suppression (\d+): 1 violations suppressed permanently \(approved by ciso\)/);
    const id = Number(/^suppression (\d+)/.exec(result.stdout)![1]);
    expect((await run('suppressions', 'list', '--active', '--json')).json().suppressions).toMatchObject([{ id, state: 'active', expiresAt: null, covered: 1 }]);
    expect((await run('suppressions', 'list')).stdout).toMatch(new RegExp(`${id}\\s+active\\s+never\\s+1\\s+ciso\\s+policy=k8s-workload-liveness-probe`));

    const revoke = await run('suppressions', 'revoke', String(id), '--reason', 'probes were added after all');
    expect(revoke.code).toBe(0);
    expect(revoke.stdout).toMatch(/revoked; 1 violations back in the backlog/);
    const [violation] = await store.query<{ id: number; status: string; suppression_id: number | null }>(
      `select id, status, suppression_id from violations where policy_id = 'k8s-workload-liveness-probe'`,
    );
    expect(violation).toMatchObject({ status: 'open', suppression_id: null });
    const [event] = await store.query<{ actor: string; reason: string }>(
      `select actor, reason from violation_events where violation_id = $1 order by id desc limit 1`,
      [violation.id],
    );
    expect(event).toEqual({ actor: 'cli:alice', reason: `suppression ${id} revoked: probes were added after all` });
    const [audit] = await store.query<{ actor: string; target: string; details: Record<string, unknown> }>(
      `select actor, target, details from audit_log where action = 'suppression.revoke'`,
    );
    expect(audit).toEqual({ actor: 'cli:alice', target: `suppression ${id}`, details: { reason: 'probes were added after all', released: 1 } });
    expect((await run('suppressions', 'show', String(id), '--json')).json().suppression).toMatchObject({ state: 'revoked', covered: 0 });

    const twice = await run('suppressions', 'revoke', String(id), '--reason', 'again and again');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/already revoked/);
    const missing = await run('suppressions', 'show', '999');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no suppression 999/);
    expect((await run('suppressions', 'revoke', '999', '--reason', 'not there at all')).code).toBe(1);
  });

  it('suppresses by violation id', async () => {
    const [v] = (await run('violations', '--severity', 'critical', '--json')).json().violations;
    const result = await run('suppress', '--id', String(v.id), '--reason', 'compensating control in place', '--approved-by', 'ciso', '--expires', '2027-01-15T12:00:00Z', '--json');
    expect(result.json()).toMatchObject({ matched: 1, changed: 1, expiresAt: '2027-01-15T12:00:00.000Z' });
    const shown = (await run('suppressions', 'show', String(result.json().suppressionId), '--json')).json();
    expect(shown.suppression.violationIds).toEqual([v.id]);
    expect(shown.violations.map((x: { id: number }) => x.id)).toEqual([v.id]);
  });
});

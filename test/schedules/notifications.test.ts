/**
 * Webhook delivery against a real HTTP server on 127.0.0.1: retries with backoff, Retry-After,
 * timeouts, permanent failures recorded in the audit log by host only.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postWebhook, retryAfterMs, type WebhookDeps } from '../../src/notifications/webhook.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';
import { startHookServer, type HookServer } from './support.ts';

let db: TestStore;
let hook: HookServer;
let lines: string[];
const payload = { event: 'scan.finished', scan: { id: 7 } };
const fast = { baseDelayMs: 20, timeoutMs: 1_000 };

function deps(env: NodeJS.ProcessEnv = {}): WebhookDeps {
  return { fetch, log: (line) => lines.push(line), db: db.store, actor: 'schedule:nightly', env };
}

async function failures() {
  return db.store.query<{ actor: string; action: string; target: string; details: Record<string, any> }>(
    `select actor, action, target, details from audit_log where action = 'notification.failed' order by id`,
  );
}

beforeAll(async () => {
  db = await openTestStore('postgres');
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  hook = await startHookServer();
  lines = [];
  await db.store.query('delete from audit_log');
});
afterEach(async () => {
  await hook.close();
});

describe('webhook notifications', () => {
  it('retries a receiver that fails twice, then succeeds; each failure is logged, nothing audited', async () => {
    hook.script({ status: 503 }, { status: 500 });
    const result = await postWebhook(deps(), { url: `${hook.url}/hooks/sweep` }, payload, fast);
    expect(result).toEqual({ ok: true, host: new URL(hook.url).host, attempts: 3, status: 204 });
    expect(hook.requests).toHaveLength(3);
    expect(hook.requests.map((r) => r.body)).toEqual([payload, payload, payload]);
    expect(hook.requests[0].headers['content-type']).toBe('application/json');
    // Exponential: the second wait is about twice the first.
    const [a, b, c] = hook.requests.map((r) => r.at);
    expect(b - a).toBeGreaterThanOrEqual(18);
    expect(c - b).toBeGreaterThanOrEqual(38);
    expect(lines).toEqual([
      expect.stringMatching(/attempt 1\/3\): HTTP 503; retrying in/),
      expect.stringMatching(/attempt 2\/3\): HTTP 500; retrying in/),
    ]);
    expect(await failures()).toEqual([]);
  });

  it('gives up after 3 attempts on a receiver that always fails, auditing the host only', async () => {
    hook.fallback = { status: 502 };
    const url = `${hook.url}/hooks/T0KEN-IN-PATH?key=s3cret`;
    const result = await postWebhook(deps({ HOOK_TOKEN: 'very-secret' }), { url, headers: { authorization: 'Bearer ${HOOK_TOKEN}' } }, payload, fast);
    expect(result).toMatchObject({ ok: false, attempts: 3, code: 'webhook-unreachable', errors: ['HTTP 502', 'HTTP 502', 'HTTP 502'] });
    expect(hook.requests).toHaveLength(3);
    // The header was expanded from the environment for the receiver...
    expect(hook.requests[0].headers.authorization).toBe('Bearer very-secret');
    const [row] = await failures();
    const host = new URL(hook.url).host;
    expect(row).toMatchObject({ actor: 'schedule:nightly', target: `webhook ${host}` });
    expect(row.details).toMatchObject({ host, event: 'scan.finished', attempts: 3, scanId: 7 });
    // ...and neither it nor the URL's path or query is ever written down.
    const written = JSON.stringify([row, lines]);
    for (const secret of ['very-secret', 'T0KEN', 's3cret', 'HOOK_TOKEN', 'authorization']) expect(written).not.toContain(secret);
    expect(lines.at(-1)).toMatch(/attempt 3\/3\): HTTP 502; giving up/);
  });

  it('honours Retry-After', async () => {
    hook.script({ status: 429, headers: { 'retry-after': '1' } });
    const result = await postWebhook(deps(), { url: hook.url }, payload, fast);
    expect(result.ok).toBe(true);
    const [a, b] = hook.requests.map((r) => r.at);
    expect(b - a).toBeGreaterThanOrEqual(950);
    expect(retryAfterMs(new Date(Date.now() + 5_000).toUTCString())).toBeGreaterThan(3_000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });

  it('times out a receiver that never answers and does not retry a 4xx it will reject again', async () => {
    hook.script({ status: 200, hang: true }, { status: 200, hang: true }, { status: 200, hang: true });
    const slow = await postWebhook(deps(), { url: hook.url }, payload, { ...fast, timeoutMs: 200 });
    expect(slow).toMatchObject({ ok: false, attempts: 3, errors: ['timed out', 'timed out', 'timed out'] });

    hook.script({ status: 404 });
    const rejected = await postWebhook(deps(), { url: hook.url }, payload, fast);
    expect(rejected).toMatchObject({ ok: false, attempts: 1, code: 'webhook-rejected', errors: ['HTTP 404'] });
    expect(await failures()).toHaveLength(2);
  });

  it('reports an unreachable receiver and a header naming an unset variable', async () => {
    const gone = await startHookServer();
    await gone.close();
    const closed = await postWebhook(deps(), { url: `${gone.url}/hook` }, payload, fast);
    expect(closed).toMatchObject({ ok: false, attempts: 3, code: 'webhook-unreachable' });
    expect(closed.ok === false && closed.errors[0]).toMatch(/ECONNREFUSED/);

    const unset = await postWebhook(deps(), { url: hook.url, headers: { 'x-token': '${NOT_SET}' } }, payload, fast);
    expect(unset).toMatchObject({ ok: false, attempts: 0, code: 'webhook-config' });
    expect(hook.requests).toHaveLength(0);
  });
});

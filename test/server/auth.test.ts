import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, startApiFixture, type ApiFixture } from './support.ts';

let api: ApiFixture;
beforeAll(async () => {
  api = await startApiFixture();
});
afterAll(async () => {
  await api?.close();
});

describe('API authentication and roles', () => {
  it('answers 401 without credentials and with a malformed, unknown or mistyped token', async () => {
    expect((await api.call('GET', '/api/v1/summary')).status).toBe(401);
    expect((await api.call('GET', '/api/v1/summary', { token: 'nonsense' })).status).toBe(401);
    const wrongSecret = api.tokens.viewer.slice(0, -4) + 'AAAA';
    const response = await api.call('GET', '/api/v1/summary', { token: wrongSecret });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthenticated');
    expect(response.body.error.hint).toMatch(/sweep tokens create/);
  });

  it('needs no credentials for health, the OpenAPI document and the dashboard shell', async () => {
    expect((await api.call('GET', '/api/v1/health')).body).toMatchObject({ ok: true, database: 'postgres', queue: 'redis' });
    const doc = await api.call('GET', '/api/v1/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    for (const path of ['/api/v1/summary', '/api/v1/burndown', '/api/v1/violations', '/api/v1/violations/assign', '/api/v1/violations/suppress', '/api/v1/scans', '/api/v1/remediations', '/api/v1/prs', '/api/v1/audit', '/api/v1/events']) {
      expect(doc.body.paths).toHaveProperty([path]);
    }
    expect(doc.body.paths['/api/v1/scans']).toHaveProperty('post');
    expect(doc.body.paths['/api/v1/violations/assign'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('to');
    const shell = await api.call('GET', '/');
    expect(shell.status).toBe(200);
    expect(shell.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(String(shell.body)).toContain('/app.js');
  });

  it('lets viewers read, operators write backlog changes, admins manage tokens: 403 below the role', async () => {
    const read = await api.call('GET', '/api/v1/summary', { token: api.tokens.viewer });
    expect(read.status).toBe(200);
    const viewerWrite = await api.call('POST', '/api/v1/violations/assign', { token: api.tokens.viewer, body: { filter: {}, to: 'alice', dryRun: true } });
    expect(viewerWrite.status).toBe(403);
    expect(viewerWrite.body.error).toMatchObject({ code: 'forbidden' });
    expect(viewerWrite.body.error.message).toMatch(/operator role.*is viewer/);
    expect((await api.call('POST', '/api/v1/violations/assign', { token: api.tokens.operator, body: { filter: {}, to: 'alice', dryRun: true } })).status).toBe(200);
    expect((await api.call('GET', '/api/v1/tokens', { token: api.tokens.operator })).status).toBe(403);
    expect((await api.call('POST', '/api/v1/tokens', { token: api.tokens.operator, body: { name: 'x', role: 'admin' } })).status).toBe(403);
    expect((await api.call('GET', '/api/v1/admin/queues', { token: api.tokens.operator })).status).toBe(403);
    expect((await api.call('GET', '/api/v1/tokens', { token: api.tokens.admin })).status).toBe(200);
  });

  it('creates a token once (only its hash is stored), audits it, and a revoked token stops working at once', async () => {
    const created = await api.call('POST', '/api/v1/tokens', { token: api.tokens.admin, body: { name: 'ci-bot', role: 'viewer' } });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^sweep_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const [stored] = await api.store.query<{ hash: string; salt: string }>(`select hash, salt from api_tokens where name = 'ci-bot'`);
    expect(stored.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(created.body.token.split('_').at(-1));
    expect((await api.call('GET', '/api/v1/summary', { token: created.body.token })).status).toBe(200);
    const listed = await api.call('GET', '/api/v1/tokens', { token: api.tokens.admin });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);

    const duplicate = await api.call('POST', '/api/v1/tokens', { token: api.tokens.admin, body: { name: 'ci-bot', role: 'viewer' } });
    expect(duplicate.status).toBe(409);
    expect((await api.call('DELETE', '/api/v1/tokens/ci-bot', { token: api.tokens.admin })).status).toBe(200);
    expect((await api.call('GET', '/api/v1/summary', { token: created.body.token })).status).toBe(401);
    const audit = await auditRows(api.store, `api:${api.names.admin}`);
    expect(audit.map((a) => [a.action, a.target])).toEqual([
      ['token.create', 'ci-bot'],
      ['token.revoke', 'ci-bot'],
    ]);
  });

  it('logs the browser in with an HttpOnly SameSite=Strict cookie and demands the CSRF header on writes', async () => {
    const login = await api.call('POST', '/api/v1/session', { body: { token: api.tokens.operator } });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^sweep_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    const session = cookie.split(';')[0];
    const { csrfToken } = login.body;
    expect(login.body).toMatchObject({ name: api.names.operator, role: 'operator' });

    const whoami = await api.call('GET', '/api/v1/session', { headers: { cookie: session } });
    expect(whoami.body).toMatchObject({ name: api.names.operator, via: 'session', csrfToken });
    expect((await api.call('GET', '/api/v1/summary', { headers: { cookie: session } })).status).toBe(200);

    const body = { filter: { severity: ['low'] }, to: 'bob', dryRun: true };
    const noCsrf = await api.call('POST', '/api/v1/violations/assign', { headers: { cookie: session }, body });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('csrf');
    const wrongCsrf = await api.call('POST', '/api/v1/violations/assign', { headers: { cookie: session, 'x-csrf-token': 'x'.repeat(43) }, body });
    expect(wrongCsrf.status).toBe(403);
    const ok = await api.call('POST', '/api/v1/violations/assign', { headers: { cookie: session, 'x-csrf-token': csrfToken }, body });
    expect(ok.status).toBe(200);

    // A cross-site form cannot send JSON; a body of another type is refused before it is read.
    const form = await api.call('POST', '/api/v1/violations/assign', { headers: { cookie: session, 'x-csrf-token': csrfToken, 'content-type': 'text/plain' }, body });
    expect(form.status).toBe(415);

    const logout = await api.call('DELETE', '/api/v1/session', { headers: { cookie: session, 'x-csrf-token': csrfToken } });
    expect(logout.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await api.call('GET', '/api/v1/summary', { headers: { cookie: session } })).status).toBe(401);
    const audit = await auditRows(api.store, `api:${api.names.operator}`);
    expect(audit.map((a) => a.action)).toEqual(['session.create', 'session.delete']);
  });

  it('refuses a bad login and never falls back to the cookie when a bearer token is wrong', async () => {
    expect((await api.call('POST', '/api/v1/session', { body: { token: 'sweep_000000000000_' + 'A'.repeat(43) } })).status).toBe(401);
    const login = await api.call('POST', '/api/v1/session', { body: { token: api.tokens.viewer } });
    const session = login.headers.get('set-cookie')!.split(';')[0];
    const mixed = await api.call('GET', '/api/v1/summary', { token: 'bad', headers: { cookie: session } });
    expect(mixed.status).toBe(401);
  });
});

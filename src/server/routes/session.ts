/** Dashboard login: exchange a token for an HttpOnly session cookie plus the CSRF token writes need. */
import { z } from 'zod';
import { actorOf } from '../auth/roles.ts';
import { clearedSessionCookie, closeSession, csrfTokenFor, openSession, sessionCookie } from '../auth/sessions.ts';
import { verifyToken } from '../auth/tokens.ts';
import { ApiError } from '../http.ts';
import { defineRoute } from '../router.ts';

const login = defineRoute<Record<string, never>, { token: string }>({
  method: 'POST',
  path: '/api/v1/session',
  role: 'public',
  tag: 'session',
  summary: 'Log in with an API token: sets the session cookie (HttpOnly, SameSite=Strict) and returns the CSRF token for writes',
  body: z.object({ token: z.string().min(1).max(200) }).strict(),
  returns: '{ name, role, csrfToken, expiresAt }',
  async handle({ deps, body }) {
    const principal = await verifyToken(deps.store, body.token);
    if (!principal) throw new ApiError(401, 'unauthenticated', 'that token is not valid (unknown, revoked or mistyped)');
    const session = await openSession(deps.store, principal, deps.clock());
    await deps.store.query(`insert into audit_log (actor, action, target, details) values ($1, 'session.create', $2, '{}')`, [actorOf(principal), principal.name]);
    return {
      body: { name: principal.name, role: principal.role, csrfToken: csrfTokenFor(session.secret), expiresAt: session.expiresAt.toISOString() },
      headers: { 'set-cookie': sessionCookie(session.secret, deps.secureCookies) },
    };
  },
});

const whoami = defineRoute({
  method: 'GET',
  path: '/api/v1/session',
  role: 'viewer',
  tag: 'session',
  summary: 'Who is calling: token name and role (and the CSRF token, for a session)',
  returns: '{ name, role, via, csrfToken? }',
  async handle({ principal }) {
    const p = principal!;
    return { body: { name: p.name, role: p.role, via: p.via, ...(p.sessionSecret ? { csrfToken: csrfTokenFor(p.sessionSecret) } : {}) } };
  },
});

const logout = defineRoute({
  method: 'DELETE',
  path: '/api/v1/session',
  role: 'viewer',
  tag: 'session',
  summary: 'Log out: ends the session and clears the cookie',
  returns: '{ ok: true }',
  async handle({ deps, principal }) {
    const p = principal!;
    if (p.sessionSecret) await closeSession(deps.store, p.sessionSecret);
    await deps.store.query(`insert into audit_log (actor, action, target, details) values ($1, 'session.delete', $2, '{}')`, [actorOf(p), p.name]);
    return { body: { ok: true }, headers: { 'set-cookie': clearedSessionCookie(deps.secureCookies) } };
  },
});

export const sessionRoutes = [login, whoami, logout];

/**
 * Browser sessions. Logging in with a token sets an HttpOnly, SameSite=Strict cookie holding a
 * random secret; the database keeps only its sha256. Writes made with the cookie must also carry
 * the CSRF token — an HMAC of the cookie secret the page receives in the login response — in the
 * `X-CSRF-Token` header: another origin can make the browser send the cookie, but cannot read the
 * page, so it cannot know the header value.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SqlExecutor } from '../../db/store.ts';
import type { ApiRole, Principal } from './roles.ts';

export const SESSION_COOKIE = 'sweep_session';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

const sessionId = (secret: string) => createHash('sha256').update(secret).digest('hex');

export function csrfTokenFor(secret: string): string {
  return createHmac('sha256', secret).update('sweep-csrf').digest('base64url');
}

export function csrfMatches(secret: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(csrfTokenFor(secret));
  const actual = Buffer.from(header);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export async function openSession(db: SqlExecutor, principal: Principal, now: Date): Promise<{ secret: string; expiresAt: Date }> {
  const secret = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  // Expired sessions of this token go when a new one starts; nothing else needs to sweep them.
  await db.query('delete from api_sessions where token_id = $1 and expires_at < $2', [principal.tokenId, now.toISOString()]);
  await db.query('insert into api_sessions (id, token_id, expires_at) values ($1, $2, $3)', [
    sessionId(secret),
    principal.tokenId,
    expiresAt.toISOString(),
  ]);
  return { secret, expiresAt };
}

export async function sessionPrincipal(db: SqlExecutor, secret: string, now: Date): Promise<Principal | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return undefined;
  const [row] = await db.query<{ token_id: number; name: string; role: ApiRole }>(
    `select s.token_id, t.name, t.role from api_sessions s join api_tokens t on t.id = s.token_id
     where s.id = $1 and s.expires_at > $2 and t.revoked_at is null`,
    [sessionId(secret), now.toISOString()],
  );
  if (!row) return undefined;
  return { tokenId: Number(row.token_id), name: row.name, role: row.role, via: 'session', sessionSecret: secret };
}

export async function closeSession(db: SqlExecutor, secret: string): Promise<void> {
  await db.query('delete from api_sessions where id = $1', [sessionId(secret)]);
}

export function sessionCookie(secret: string, secure: boolean): string {
  const maxAge = Math.floor(SESSION_TTL_MS / 1000);
  return `${SESSION_COOKIE}=${secret}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

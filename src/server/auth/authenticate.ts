/**
 * Who is calling: `Authorization: Bearer <token>` (API clients) or the session cookie (the
 * dashboard). A bearer header wins when both are present. Cookie writes must carry the CSRF header.
 */
import type { IncomingMessage } from 'node:http';
import type { SqlExecutor } from '../../db/store.ts';
import { ApiError } from '../http.ts';
import { roleAllows, type ApiRole, type Principal } from './roles.ts';
import { CSRF_HEADER, SESSION_COOKIE, csrfMatches, readCookie, sessionPrincipal } from './sessions.ts';
import { verifyToken } from './tokens.ts';

export interface Authenticator {
  identify(req: IncomingMessage): Promise<Principal | undefined>;
  /** Throws 401/403 unless the request may do what `need` names; returns the principal. */
  authorize(req: IncomingMessage, need: ApiRole, write: boolean): Promise<Principal>;
}

/** last_used_at is informational: written at most once a minute per token, not on every request. */
const LAST_USED_EVERY_MS = 60_000;

export function createAuthenticator(db: SqlExecutor, clock: () => Date): Authenticator {
  const lastUsed = new Map<number, number>();
  const touch = (principal: Principal) => {
    const now = clock().getTime();
    if (now - (lastUsed.get(principal.tokenId) ?? 0) < LAST_USED_EVERY_MS) return;
    lastUsed.set(principal.tokenId, now);
    db.query('update api_tokens set last_used_at = $2 where id = $1', [principal.tokenId, new Date(now).toISOString()]).catch(() => {});
  };

  async function identify(req: IncomingMessage): Promise<Principal | undefined> {
    const header = req.headers.authorization;
    let principal: Principal | undefined;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      principal = match ? await verifyToken(db, match[1]) : undefined;
      // A bad Authorization header never falls back to the cookie: the caller meant that token.
      if (!principal) return undefined;
    } else {
      const secret = readCookie(req.headers.cookie, SESSION_COOKIE);
      principal = secret ? await sessionPrincipal(db, secret, clock()) : undefined;
    }
    if (principal) touch(principal);
    return principal;
  }

  return {
    identify,
    async authorize(req, need, write) {
      const principal = await identify(req);
      if (!principal) {
        throw new ApiError(401, 'unauthenticated', 'no valid API token or session', {
          hint: 'send Authorization: Bearer <token> (create one with `sweep tokens create`), or log in to the dashboard',
        });
      }
      if (!roleAllows(principal.role, need)) {
        throw new ApiError(403, 'forbidden', `this needs the ${need} role; token "${principal.name}" is ${principal.role}`, {
          hint: 'ask an admin for a token with that role',
        });
      }
      if (write && principal.via === 'session') {
        const header = req.headers[CSRF_HEADER];
        if (!csrfMatches(principal.sessionSecret ?? '', Array.isArray(header) ? header[0] : header)) {
          throw new ApiError(403, 'csrf', 'missing or wrong CSRF token', { hint: `send the csrfToken from the login response in ${CSRF_HEADER}` });
        }
      }
      return principal;
    },
  };
}

/** Roles are ordered: each one may do everything the one before it may. */
import type { ApiRole } from '../../db/schema/index.ts';

export type { ApiRole };

export const ROLES = ['viewer', 'operator', 'admin'] as const satisfies readonly ApiRole[];

/** What a request is allowed to do, and the name every write it makes is audited under. */
export interface Principal {
  tokenId: number;
  /** The token's name. */
  name: string;
  role: ApiRole;
  via: 'bearer' | 'session';
  /** The session cookie's secret (session logins only): the CSRF token is derived from it. */
  sessionSecret?: string;
}

export function roleAllows(have: ApiRole, need: ApiRole): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** The audit trail's actor for API writes: the token's name, marked as coming through the API. */
export function actorOf(principal: Principal): string {
  return `api:${principal.name}`;
}

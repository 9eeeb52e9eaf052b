/**
 * API tokens: `sweep_<public id>_<secret>`. The public id finds the row through a unique index;
 * the secret is compared against sha256(salt ‖ secret) in constant time. Secrets are 256 random
 * bits, which is why a salted fast hash suffices (stretching defends guessable passwords, and these
 * cannot be guessed). The token is shown once, at creation; only the hash is stored.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SqlExecutor, Store } from '../../db/store.ts';
import { SweepError } from '../../errors.ts';
import type { ApiRole, Principal } from './roles.ts';

const TOKEN_PATTERN = /^sweep_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
export const TOKEN_NAME_PATTERN = /^[\w.@:+-]{1,80}$/;

export interface TokenInfo {
  id: number;
  name: string;
  role: ApiRole;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedToken extends TokenInfo {
  /** The only time the secret exists outside the caller's hands. */
  token: string;
}

function hashSecret(salt: string, secret: string): string {
  return createHash('sha256').update(`${salt}:${secret}`).digest('hex');
}

interface TokenRow {
  id: number;
  name: string;
  role: ApiRole;
  created_by: string;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function toInfo(row: TokenRow): TokenInfo {
  return {
    id: Number(row.id),
    name: row.name,
    role: row.role,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
  };
}

export async function createToken(store: Store, input: { name: string; role: ApiRole; actor: string }): Promise<CreatedToken> {
  if (!TOKEN_NAME_PATTERN.test(input.name)) {
    throw new SweepError('invalid-token-name', `"${input.name}" is not a valid token name`, {
      hint: 'use up to 80 letters, digits and . @ : + - _',
      exitCode: 2,
    });
  }
  const publicId = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16).toString('hex');
  return store.transaction(async (tx) => {
    const existing = await tx.query('select 1 from api_tokens where name = $1', [input.name]);
    if (existing.length > 0) {
      throw new SweepError('token-exists', `a token named "${input.name}" already exists`, {
        hint: 'pick another name, or revoke the old one first (`sweep tokens revoke <name>`)',
        exitCode: 2,
      });
    }
    const [row] = await tx.query<TokenRow>(
      `insert into api_tokens (name, role, public_id, salt, hash, created_by) values ($1, $2, $3, $4, $5, $6)
       returning id, name, role, created_by, created_at, last_used_at, revoked_at`,
      [input.name, input.role, publicId, salt, hashSecret(salt, secret), input.actor],
    );
    await tx.query(`insert into audit_log (actor, action, target, details) values ($1, 'token.create', $2, $3)`, [
      input.actor,
      input.name,
      JSON.stringify({ role: input.role }),
    ]);
    return { ...toInfo(row), token: `sweep_${publicId}_${secret}` };
  });
}

export async function listTokens(db: SqlExecutor): Promise<TokenInfo[]> {
  const rows = await db.query<TokenRow>(
    'select id, name, role, created_by, created_at, last_used_at, revoked_at from api_tokens order by name',
  );
  return rows.map(toInfo);
}

/** Revokes the token and ends its browser sessions; the audit row says who did it. */
export async function revokeToken(store: Store, name: string, actor: string): Promise<TokenInfo> {
  return store.transaction(async (tx) => {
    const [row] = await tx.query<TokenRow>(
      `update api_tokens set revoked_at = coalesce(revoked_at, now()) where name = $1
       returning id, name, role, created_by, created_at, last_used_at, revoked_at`,
      [name],
    );
    if (!row) {
      throw new SweepError('token-not-found', `no token named "${name}"`, { hint: 'run `sweep tokens list` to see the tokens that exist' });
    }
    await tx.query('delete from api_sessions where token_id = $1', [row.id]);
    await tx.query(`insert into audit_log (actor, action, target, details) values ($1, 'token.revoke', $2, '{}')`, [actor, name]);
    return toInfo(row);
  });
}

/** The principal a bearer token stands for, or undefined (malformed, unknown, wrong secret, revoked). */
export async function verifyToken(db: SqlExecutor, token: string): Promise<Principal | undefined> {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return undefined;
  const [, publicId, secret] = match;
  const [row] = await db.query<{ id: number; name: string; role: ApiRole; salt: string; hash: string }>(
    'select id, name, role, salt, hash from api_tokens where public_id = $1 and revoked_at is null',
    [publicId],
  );
  if (!row) return undefined;
  const expected = Buffer.from(row.hash, 'hex');
  const actual = Buffer.from(hashSecret(row.salt, secret), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  return { tokenId: Number(row.id), name: row.name, role: row.role, via: 'bearer' };
}

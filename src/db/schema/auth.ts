/** API tokens and the browser sessions opened with them (`sweep serve`). Secrets are never stored, only their hashes. */
import { bigint, bigserial, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export type ApiRole = 'viewer' | 'operator' | 'admin';

/**
 * A token is `sweep_<public id>_<secret>`: the public id finds the row through a unique index, the
 * secret is checked against `hash` = sha256(salt ‖ secret). The secret is 256 random bits, so a
 * fast salted hash is enough (no password-style stretching is needed for high-entropy secrets).
 */
export const apiTokens = pgTable('api_tokens', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull().unique(),
  role: text('role').$type<ApiRole>().notNull(),
  publicId: text('public_id').notNull().unique(),
  salt: text('salt').notNull(),
  hash: text('hash').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/** A dashboard login: the cookie holds a random secret, the row its sha256; revoking the token ends its sessions. */
export const apiSessions = pgTable(
  'api_sessions',
  {
    id: text('id').primaryKey(),
    tokenId: bigint('token_id', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('api_sessions_token_idx').on(t.tokenId)],
);

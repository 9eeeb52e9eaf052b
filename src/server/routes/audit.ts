/** The audit log: every write through the CLI or the API, newest first. */
import { z } from 'zod';
import { defineRoute } from '../router.ts';
import { decodeCursor, encodeCursor, iso, pageFields } from './common.ts';

const listQuery = z
  .object({
    ...pageFields,
    actor: z.string().min(1).optional(),
    /** Action names, e.g. violations.assign, remediation.create, token.create. */
    action: z.array(z.string().min(1)).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

const list = defineRoute<z.infer<typeof listQuery>>({
  method: 'GET',
  path: '/api/v1/audit',
  role: 'viewer',
  tag: 'audit',
  summary: 'Audit log entries, newest first, by actor, action or time',
  query: listQuery,
  returns: '{ items: [{ id, at, actor, action, target, details }], nextCursor }',
  async handle({ deps, query }) {
    const cursor = decodeCursor(query.cursor, z.object({ id: z.number().int().positive() }));
    const rows = await deps.store.query<{ id: number; at: Date; actor: string; action: string; target: string | null; details: Record<string, unknown> }>(
      `select id, at, actor, action, target, details from audit_log
       where ($1::bigint is null or id < $1) and ($2::text is null or actor = $2)
         and ($3::text[] is null or action = any($3::text[])) and ($4::timestamptz is null or at >= $4)
       order by id desc limit $5`,
      [cursor?.id ?? null, query.actor ?? null, query.action ?? null, query.since ?? null, query.limit + 1],
    );
    const items = rows.slice(0, query.limit).map((r) => ({ id: Number(r.id), at: iso(r.at), actor: r.actor, action: r.action, target: r.target, details: r.details }));
    return { body: { items, nextCursor: rows.length > query.limit ? encodeCursor({ id: items.at(-1)!.id }) : null } };
  },
});

export const auditRoutes = [list];

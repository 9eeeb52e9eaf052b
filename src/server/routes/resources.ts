/** Resources: the latest state per key, with their open violation counts, one cursor page at a time. */
import { z } from 'zod';
import { OPEN_SQL } from '../../violations/counts.ts';
import { defineRoute } from '../router.ts';
import { decodeCursor, encodeCursor, iso, pageFields } from './common.ts';

const listQuery = z
  .object({
    ...pageFields,
    type: z.array(z.string().min(1)).optional(),
    account: z.array(z.string().min(1)).optional(),
    scope: z.array(z.string().min(1)).optional(),
    provider: z.array(z.string().min(1)).optional(),
    /** Include resources a later scan no longer saw. */
    deleted: z.boolean().default(false),
  })
  .strict();

const list = defineRoute<z.infer<typeof listQuery>>({
  method: 'GET',
  path: '/api/v1/resources',
  role: 'viewer',
  tag: 'resources',
  summary: 'Resources (latest state per key) by type, account, scope or provider, with open violation counts',
  query: listQuery,
  returns: '{ items: [{ key, type, name, provider, account, region, scope, source, iac, openViolations, ... }], nextCursor }',
  async handle({ deps, query }) {
    const cursor = decodeCursor(query.cursor, z.object({ key: z.string() }));
    const rows = await deps.store.query<{
      key: string;
      type: string;
      native_type: string;
      name: string;
      provider: string;
      account: string | null;
      region: string | null;
      scope: string;
      source: string;
      urn: string | null;
      native_id: string | null;
      iac: Record<string, unknown>;
      tags: Record<string, string>;
      first_seen_scan: number;
      last_seen_scan: number;
      deleted_at: Date | null;
      open: number | string;
    }>(
      `select r.key, r.type, r.native_type, r.name, r.provider, r.account, r.region, r.scope, r.source, r.urn, r.native_id, r.iac, r.tags,
         r.first_seen_scan, r.last_seen_scan, r.deleted_at,
         (select count(*) from violations v where v.resource_key = r.key and v.status in ${OPEN_SQL}) as open
       from resources r
       where ($1::text is null or r.key > $1)
         and ($2::text[] is null or r.type = any($2::text[]))
         and ($3::text[] is null or r.account = any($3::text[]))
         and ($4::text[] is null or r.scope = any($4::text[]))
         and ($5::text[] is null or r.provider = any($5::text[]))
         and ($6::boolean or r.deleted_at is null)
       order by r.key limit $7`,
      [cursor?.key ?? null, query.type ?? null, query.account ?? null, query.scope ?? null, query.provider ?? null, query.deleted, query.limit + 1],
    );
    const items = rows.slice(0, query.limit).map((r) => ({
      key: r.key,
      type: r.type,
      nativeType: r.native_type,
      name: r.name,
      provider: r.provider,
      account: r.account,
      region: r.region,
      scope: r.scope,
      source: r.source,
      urn: r.urn,
      nativeId: r.native_id,
      iac: r.iac,
      tags: r.tags,
      firstSeenScan: Number(r.first_seen_scan),
      lastSeenScan: Number(r.last_seen_scan),
      deletedAt: iso(r.deleted_at),
      openViolations: Number(r.open),
    }));
    return { body: { items, nextCursor: rows.length > query.limit ? encodeCursor({ key: items.at(-1)!.key }) : null } };
  },
});

export const resourceRoutes = [list];

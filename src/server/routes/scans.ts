/** Scans: history with new vs resolved, one scan's diff (what it opened, resolved, reopened), and starting one. */
import { z } from 'zod';
import { actorOf } from '../auth/roles.ts';
import { ApiError } from '../http.ts';
import { defineRoute } from '../router.ts';
import { scanRequestSchema, type ApiScanRequest } from '../scans.ts';
import { decodeCursor, encodeCursor, iso, numericParam, pageFields } from './common.ts';

interface ScanRow {
  id: number;
  trigger: string;
  sources: string[];
  packs: string[];
  status: string;
  started_at: Date;
  finished_at: Date | null;
  counts: { counts?: Record<string, number>; durationMs?: number; policyErrors?: unknown[] } | null;
  error: string | null;
  open_after: number | null;
}

function scanView(row: ScanRow) {
  const counts = row.counts?.counts ?? {};
  return {
    id: Number(row.id),
    trigger: row.trigger,
    status: row.status,
    sources: row.sources,
    packs: row.packs,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    durationMs: row.counts?.durationMs ?? null,
    new: counts.new ?? 0,
    resolved: counts.resolved ?? 0,
    reopened: counts.reopened ?? 0,
    stillOpen: counts.open ?? 0,
    resources: counts.resources ?? 0,
    policyErrors: row.counts?.policyErrors?.length ?? 0,
    /** The whole open backlog when the scan finished (the burndown point). */
    openAfter: row.open_after === null ? null : Number(row.open_after),
    error: row.error,
  };
}

const SCAN_SELECT = `select s.id, s.trigger, s.sources, s.packs, s.status, s.started_at, s.finished_at, s.counts, s.error, b.open as open_after
  from scans s left join backlog_snapshots b on b.scan_id = s.id`;

const listQuery = z.object({ ...pageFields }).strict();

const list = defineRoute<z.infer<typeof listQuery>>({
  method: 'GET',
  path: '/api/v1/scans',
  role: 'viewer',
  tag: 'scans',
  summary: 'Scan history, newest first: status, sources, new / resolved / reopened, open backlog after',
  query: listQuery,
  returns: '{ items: [{ id, status, trigger, new, resolved, reopened, openAfter, ... }], nextCursor }',
  async handle({ deps, query }) {
    const cursor = decodeCursor(query.cursor, z.object({ id: z.number().int().positive() }));
    const rows = await deps.store.query<ScanRow>(`${SCAN_SELECT} where ($1::bigint is null or s.id < $1) order by s.id desc limit $2`, [
      cursor?.id ?? null,
      query.limit + 1,
    ]);
    const items = rows.slice(0, query.limit).map(scanView);
    return { body: { items, nextCursor: rows.length > query.limit ? encodeCursor({ id: items.at(-1)!.id }) : null } };
  },
});

const one = defineRoute({
  method: 'GET',
  path: '/api/v1/scans/:id',
  role: 'viewer',
  tag: 'scans',
  summary: 'One scan, with the transitions it made counted by kind',
  returns: '{ scan, transitions: { new, reopened, resolved } }',
  async handle({ deps, params }) {
    const id = numericParam(params, 'id');
    const [row] = await deps.store.query<ScanRow>(`${SCAN_SELECT} where s.id = $1`, [id]);
    if (!row) throw new ApiError(404, 'scan-not-found', `no scan ${id}`);
    const rows = await deps.store.query<{ kind: string; n: number | string }>(
      `select case when from_status is null then 'new' when to_status = 'resolved' then 'resolved' else 'reopened' end as kind, count(*) as n
       from violation_events where scan_id = $1 group by 1`,
      [id],
    );
    return { body: { scan: scanView(row), transitions: Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)])) } };
  },
});

const CHANGES = ['new', 'resolved', 'reopened'] as const;
const diffQuery = z.object({ ...pageFields, change: z.enum(CHANGES).optional() }).strict();

const diff = defineRoute<z.infer<typeof diffQuery>>({
  method: 'GET',
  path: '/api/v1/scans/:id/diff',
  role: 'viewer',
  tag: 'scans',
  summary: 'The violations a scan opened, resolved or reopened (one cursor page at a time)',
  query: diffQuery,
  returns: '{ items: [{ change, violationId, policy, severity, resource, status, reason }], nextCursor }',
  async handle({ deps, params, query }) {
    const id = numericParam(params, 'id');
    const cursor = decodeCursor(query.cursor, z.object({ event: z.number().int().positive() }));
    const rows = await deps.store.query<{ event_id: number; change: string; violation_id: number; policy_id: string; severity: string; resource_key: string; status: string; reason: string | null }>(
      `select * from (
         select e.id as event_id,
           case when e.from_status is null then 'new' when e.to_status = 'resolved' then 'resolved' else 'reopened' end as change,
           e.violation_id, v.policy_id, v.severity, v.resource_key, v.status, e.reason
         from violation_events e join violations v on v.id = e.violation_id
         where e.scan_id = $1 and ($2::bigint is null or e.id > $2) order by e.id) d
       where ($3::text is null or d.change = $3) order by event_id limit $4`,
      [id, cursor?.event ?? null, query.change ?? null, query.limit + 1],
    );
    const items = rows.slice(0, query.limit).map((r) => ({
      change: r.change,
      violationId: Number(r.violation_id),
      policy: r.policy_id,
      severity: r.severity,
      resource: r.resource_key,
      status: r.status,
      reason: r.reason,
    }));
    const last = rows[query.limit - 1];
    return { body: { items, nextCursor: rows.length > query.limit ? encodeCursor({ event: Number(last.event_id) }) : null } };
  },
});

const start = defineRoute<Record<string, never>, ApiScanRequest>({
  method: 'POST',
  path: '/api/v1/scans',
  role: 'operator',
  tag: 'scans',
  summary: "Start a scan of named connections (or the server's own sources); runs in the background, `scan-finished` on the event stream",
  body: scanRequestSchema,
  returns: '{ scanId, sources, status: "running" }',
  success: 202,
  async handle({ deps, principal, body }) {
    if (!deps.scans) throw new ApiError(503, 'scans-unavailable', 'this server does not start scans');
    const started = await deps.scans.start(body, actorOf(principal!));
    void deps.events.poll();
    return { status: 202, body: { ...started, status: 'running' } };
  },
});

export const scanRoutes = [list, one, diff, start];

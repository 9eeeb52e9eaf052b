/**
 * The shared row source of every export. An export runs inside ONE read-only, repeatable-read
 * transaction (a snapshot), so a scan committing midway cannot make the rules, rows and summaries
 * of one file disagree; rows come through a server-side cursor (`declare … cursor` / `fetch N`),
 * which works the same on node-postgres and PGlite and keeps memory bounded at any backlog size.
 */
import type { Framework } from '../../policies/rule.ts';
import type { ViolationStatus } from '../db/schema/index.ts';
import type { SqlExecutor, Store } from '../db/store.ts';
import { compileFilter, type ViolationFilter } from '../violations/filter.ts';

export interface Snapshot extends SqlExecutor {
  /** Streams a query's rows in batches of `batchSize` through a server-side cursor. */
  cursor<T>(text: string, params: unknown[], batchSize: number): AsyncGenerator<T[]>;
}

export async function withSnapshot<T>(store: Store, fn: (snapshot: Snapshot) => Promise<T>): Promise<T> {
  return store.transaction(async (tx) => {
    await tx.query('set transaction isolation level repeatable read, read only');
    // JIT compilation costs seconds per cursor and buys nothing for row-by-row streaming; UTC makes
    // timestamps rendered by JSON functions comparable across sessions.
    await tx.query(`set local jit = off`);
    await tx.query(`set local timezone = 'UTC'`);
    let cursors = 0;
    const snapshot: Snapshot = {
      query: (text, params) => tx.query(text, params),
      async *cursor<R>(text: string, params: unknown[], batchSize: number) {
        const name = `sweep_report_${++cursors}`;
        const size = Math.max(1, Math.floor(batchSize));
        const fetch = () => tx.query<R>(`fetch ${size} from ${name}`);
        await tx.query(`declare ${name} no scroll cursor for ${text}`, params);
        let open = true;
        let next: Promise<R[]> | undefined = fetch();
        try {
          while (next) {
            const rows: R[] = await next;
            // Ask for the next batch before handing this one over, so the server computes it
            // while the writer formats this one (a cursor otherwise alternates idle server/idle client).
            next = rows.length === size ? fetch() : undefined;
            next?.catch(() => {});
            if (rows.length > 0) yield rows;
          }
          await tx.query(`close ${name}`);
          open = false;
        } finally {
          // A consumer that stops early (or fails) leaves the cursor open; close it if the
          // transaction is still usable — an aborted one is rolled back anyway.
          if (open) {
            await next?.catch(() => {});
            await tx.query(`close ${name}`).catch(() => {});
          }
        }
      },
    };
    return fn(snapshot);
  });
}

/** A parameterised WHERE over `violations v`, ready to extend with `$${params.length + 1}`. */
export interface Scope {
  where: string;
  params: unknown[];
}

/** The filter, plus the report-only `repo` restriction and a writer's default statuses. */
export function buildScope(filter: ViolationFilter, options: { repo?: string; defaultStatuses?: readonly ViolationStatus[] } = {}): Scope {
  const effective: ViolationFilter =
    filter.status === undefined && options.defaultStatuses ? { ...filter, status: [...options.defaultStatuses] } : filter;
  const { where, params } = compileFilter(effective, 'v', 1);
  if (options.repo === undefined) return { where, params };
  params.push(options.repo);
  return {
    where: `${where} and exists (select 1 from resources rr where rr.key = v.resource_key and rr.iac->>'repo' = $${params.length})`,
    params,
  };
}

/** ISO-8601 UTC text from SQL, so both backends (and every format) print instants identically. */
export function isoSql(expression: string): string {
  return `to_char(${expression} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * What the last scan that looked at a violation did to it: `new` (first seen by it), `reopened`
 * (it was resolved and that scan saw it again), `unchanged` (still open), `resolved`.
 */
export type Change = 'new' | 'unchanged' | 'reopened' | 'resolved';

/** One violation as every format sees it; `--format json` prints exactly this shape. */
export interface ReportRow {
  id: number;
  fingerprint: string;
  rule: { id: string; title: string };
  severity: string;
  status: string;
  change: Change;
  message: string;
  resource: {
    key: string;
    name: string;
    type: string;
    nativeType: string | null;
    nativeId: string | null;
    provider: string | null;
    account: string | null;
    region: string | null;
  };
  owner: string | null;
  dueAt: string | null;
  /** `framework:control`, sorted; only `--framework`'s controls when one is given. */
  controls: string[];
  remediation: string;
  iac: { kind: string | null; repo: string | null; path: string | null; line: number | null };
  pullRequest: { url: string | null; state: string } | null;
  firstSeen: { scan: number; at: string | null };
  lastSeen: { scan: number; at: string | null };
  resolvedAt: string | null;
  resolvedHow: string | null;
  suppression: { id: number; reason: string; approvedBy: string; expiresAt: string | null } | null;
}

/**
 * Each violation travels as ONE JSON array (`json_build_array(...)::text`): node-postgres spends
 * about a microsecond per field it decodes, so one field per row instead of thirty is what keeps a
 * million-row export fast. Policies, their controls and scan times are small tables: they are read
 * once per export into maps instead of being joined (and re-sent) on every row.
 */
/** The SQL for `change`; the events lookup uses violation_events(violation_id, id). */
export const CHANGE_SQL = `case when v.status = 'resolved' then 'resolved'
  when v.first_seen_scan = v.last_seen_scan then 'new'
  when exists (select 1 from violation_events e where e.violation_id = v.id and e.scan_id = v.last_seen_scan
               and e.from_status = 'resolved') then 'reopened'
  else 'unchanged' end`;

const ROW_FIELDS = [
  'v.id',
  'v.fingerprint',
  'v.policy_id',
  'v.severity',
  'v.status',
  CHANGE_SQL,
  'v.message',
  'v.resource_key',
  'r.name',
  'v.resource_type',
  'r.native_type',
  'r.native_id',
  'r.provider',
  'v.account',
  'r.region',
  'v.assignee',
  'v.due_at',
  'r.iac',
  'pr.url',
  'pr.state',
  'v.first_seen_scan',
  'v.last_seen_scan',
  'v.resolved_at',
  'v.resolved_how',
  's.id',
  's.reason',
  's.approved_by',
  's.expires_at',
] as const;

type RawRow = [
  id: number,
  fingerprint: string,
  policyId: string,
  severity: string,
  status: string,
  change: Change,
  message: string,
  resourceKey: string,
  name: string | null,
  resourceType: string,
  nativeType: string | null,
  nativeId: string | null,
  provider: string | null,
  account: string | null,
  region: string | null,
  assignee: string | null,
  dueAt: string | null,
  iac: { kind?: string; repo?: string; path?: string; line?: unknown } | null,
  prUrl: string | null,
  prState: string | null,
  firstSeenScan: number,
  lastSeenScan: number,
  resolvedAt: string | null,
  resolvedHow: string | null,
  suppressionId: number | null,
  suppressionReason: string | null,
  suppressionApprovedBy: string | null,
  suppressionExpiresAt: string | null,
];

function rowsQuery(scope: Scope): { text: string; params: unknown[] } {
  return {
    params: scope.params,
    text: `select json_build_array(${ROW_FIELDS.join(', ')})::text as r
      from violations v
        left join resources r on r.key = v.resource_key
        left join pull_requests pr on pr.id = v.pull_request_id
        left join suppressions s on s.id = v.suppression_id
      where ${scope.where}
      order by v.id`,
  };
}

/**
 * JSON renders timestamptz as `2026-01-05T09:00:00.123456+00:00` in the session zone (UTC here,
 * see withSnapshot), with 0–6 fraction digits; exports print `2026-01-05T09:00:00.123Z`. String
 * surgery instead of `new Date()`: this runs for every timestamp of a million-row export.
 */
export function instant(value: string | null): string | null {
  if (value === null) return null;
  const utc = value.endsWith('+00:00') && (value.length === 25 || value[19] === '.');
  if (!utc) return new Date(value).toISOString();
  const fraction = value.length > 25 ? value.slice(20, -6) : '';
  return `${value.slice(0, 19)}.${(fraction + '000').slice(0, 3)}Z`;
}

interface Lookups {
  policies: Map<string, { title: string; remediation: string }>;
  controls: Map<string, string[]>;
  scanTimes: Map<number, string>;
}

async function loadLookups(snapshot: Snapshot, framework?: Framework): Promise<Lookups> {
  const policies = await snapshot.query<{ id: string; title: string; remediation: string }>('select id, title, remediation from policies');
  const controls = await snapshot.query<{ policy_id: string; framework: string; control: string }>(
    `select policy_id, framework, control from policy_controls ${framework ? 'where framework = $1' : ''} order by policy_id, framework, control`,
    framework ? [framework] : [],
  );
  const scans = await snapshot.query<{ id: number | string; at: string }>(`select id, ${isoSql('started_at')} as at from scans`);
  const byPolicy = new Map<string, string[]>();
  for (const row of controls) {
    const list = byPolicy.get(row.policy_id) ?? [];
    list.push(`${row.framework}:${row.control}`);
    byPolicy.set(row.policy_id, list);
  }
  return {
    policies: new Map(policies.map((p) => [p.id, { title: p.title, remediation: p.remediation }])),
    controls: byPolicy,
    scanTimes: new Map(scans.map((s) => [Number(s.id), s.at])),
  };
}

const NO_CONTROLS: readonly string[] = Object.freeze([]);

function toRow(raw: RawRow, lookups: Lookups): ReportRow {
  const [
    id, fingerprint, policyId, severity, status, change, message, resourceKey, name, resourceType, nativeType, nativeId, provider,
    account, region, assignee, dueAt, iac, prUrl, prState, firstSeenScan, lastSeenScan, resolvedAt, resolvedHow, suppressionId,
    reason, approvedBy, expiresAt,
  ] = raw;
  const policy = lookups.policies.get(policyId);
  const line = Number(iac?.line);
  return {
    id: Number(id),
    fingerprint,
    rule: { id: policyId, title: policy?.title ?? policyId },
    severity,
    status,
    change,
    message,
    resource: { key: resourceKey, name: name ?? resourceKey, type: resourceType, nativeType, nativeId, provider, account, region },
    owner: assignee,
    dueAt: instant(dueAt),
    controls: (lookups.controls.get(policyId) ?? NO_CONTROLS) as string[],
    remediation: policy?.remediation ?? '',
    iac: {
      kind: typeof iac?.kind === 'string' ? iac.kind : null,
      repo: typeof iac?.repo === 'string' ? iac.repo : null,
      path: typeof iac?.path === 'string' && iac.path !== '' ? iac.path : null,
      line: Number.isInteger(line) && line > 0 ? line : null,
    },
    pullRequest: prUrl === null && prState === null ? null : { url: prUrl, state: prState ?? 'unknown' },
    firstSeen: { scan: Number(firstSeenScan), at: lookups.scanTimes.get(Number(firstSeenScan)) ?? null },
    lastSeen: { scan: Number(lastSeenScan), at: lookups.scanTimes.get(Number(lastSeenScan)) ?? null },
    resolvedAt: instant(resolvedAt),
    resolvedHow,
    suppression:
      suppressionId === null ? null : { id: Number(suppressionId), reason: reason ?? '', approvedBy: approvedBy ?? '', expiresAt: instant(expiresAt) },
  };
}

/** The export's violations in id order (stable, so re-exports diff cleanly), one batch at a time. */
export async function* violationRows(snapshot: Snapshot, scope: Scope, options: { framework?: Framework; batchSize: number }): AsyncGenerator<ReportRow[]> {
  const lookups = await loadLookups(snapshot, options.framework);
  const { text, params } = rowsQuery(scope);
  for await (const batch of snapshot.cursor<{ r: string }>(text, params, options.batchSize)) {
    yield batch.map((row) => toRow(JSON.parse(row.r) as RawRow, lookups));
  }
}

export async function countRows(snapshot: Snapshot, scope: Scope): Promise<number> {
  const [row] = await snapshot.query<{ n: number | string }>(`select count(*) as n from violations v where ${scope.where}`, scope.params);
  return Number(row.n);
}

/** The most recent scan that completed (succeeded or partial): what the export reflects. */
export interface ScanMeta {
  id: number;
  trigger: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  sources: string[];
  /** The scan diff: resources, resourcesDeleted, new, open, reopened, resolved. */
  counts: Record<string, number>;
}

export async function latestScan(db: SqlExecutor): Promise<ScanMeta | null> {
  const [row] = await db.query<{
    id: number | string;
    trigger: string;
    status: string;
    started_at: string;
    finished_at: string | null;
    sources: string[] | string;
    counts: Record<string, unknown> | string;
  }>(
    `select id, trigger, status, ${isoSql('started_at')} as started_at, ${isoSql('finished_at')} as finished_at, sources, counts
     from scans where status in ('succeeded', 'partial') order by id desc limit 1`,
  );
  if (!row) return null;
  const stored = (typeof row.counts === 'string' ? JSON.parse(row.counts) : row.counts) as { counts?: Record<string, number> };
  return {
    id: Number(row.id),
    trigger: row.trigger,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    sources: typeof row.sources === 'string' ? JSON.parse(row.sources) : row.sources,
    counts: { ...(stored.counts ?? {}) },
  };
}

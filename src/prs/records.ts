/**
 * sweep's own record of every pull request (`pull_requests`), whatever forge holds it: the lease
 * that keeps two workers off one branch, the audit trail of every PR action, and the violation
 * transitions PR events cause (each with its `violation_events` row).
 */
import type { SqlExecutor } from '../db/store.ts';
import type { PullRequestApproval, PullRequestState } from '../db/schema/remediation.ts';
import type { ForgeId } from '../forges/types.ts';

export interface PrRecord {
  id: number;
  runId: number | null;
  forge: ForgeId;
  repo: string;
  branch: string;
  baseBranch: string | null;
  batchKey: string;
  number: number | null;
  url: string | null;
  title: string;
  body: string;
  state: PullRequestState;
  draft: boolean;
  approval: PullRequestApproval;
  approvalReason: string | null;
  approvedBy: string | null;
  labels: string[];
  fingerprint: string | null;
  fixIds: number[];
  headSha: string | null;
  baseSha: string | null;
  pushedByPerson: string | null;
  heldBy: string | null;
  scheduledFor: Date | null;
  checks: Record<string, unknown>;
  closedReason: string | null;
  lastError: string | null;
  openedAt: Date | null;
  mergedAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id::int as id, run_id::int as "runId", forge, repo, branch, base_branch as "baseBranch", batch_key as "batchKey",
  number, url, title, body, state, draft, approval, approval_reason as "approvalReason", approved_by as "approvedBy", labels,
  fingerprint, fix_ids as "fixIds", head_sha as "headSha", base_sha as "baseSha", pushed_by_person as "pushedByPerson",
  held_by as "heldBy", scheduled_for as "scheduledFor", checks, closed_reason as "closedReason", last_error as "lastError",
  opened_at as "openedAt", merged_at as "mergedAt", closed_at as "closedAt", created_at as "createdAt", updated_at as "updatedAt"`;

function normalize(row: PrRecord): PrRecord {
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return {
    ...row,
    id: Number(row.id),
    runId: row.runId === null ? null : Number(row.runId),
    fixIds: (row.fixIds ?? []).map(Number),
    scheduledFor: date(row.scheduledFor),
    openedAt: date(row.openedAt),
    mergedAt: date(row.mergedAt),
    closedAt: date(row.closedAt),
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
  };
}

export const LIVE_STATES: PullRequestState[] = ['scheduled', 'open', 'error'];

export async function getPr(db: SqlExecutor, id: number): Promise<PrRecord | undefined> {
  const [row] = await db.query<PrRecord>(`select ${COLUMNS} from pull_requests where id = $1`, [id]);
  return row ? normalize(row) : undefined;
}

export async function listPrs(db: SqlExecutor, filter: { states?: string[]; runId?: number; ids?: number[]; limit?: number } = {}): Promise<PrRecord[]> {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.states?.length) clauses.push(`state = any($${params.push(filter.states)}::text[])`);
  if (filter.runId !== undefined) clauses.push(`run_id = $${params.push(filter.runId)}`);
  if (filter.ids?.length) clauses.push(`id = any($${params.push(filter.ids)}::bigint[])`);
  const where = clauses.length ? `where ${clauses.join(' and ')}` : '';
  const rows = await db.query<PrRecord>(`select ${COLUMNS} from pull_requests ${where} order by id limit ${filter.limit ?? 10_000}`, params);
  return rows.map(normalize);
}

export async function findLivePr(db: SqlExecutor, forge: ForgeId, repo: string, branch: string): Promise<PrRecord | undefined> {
  const [row] = await db.query<PrRecord>(
    `select ${COLUMNS} from pull_requests where forge = $1 and repo = $2 and branch = $3 and state in ('scheduled', 'open', 'error')`,
    [forge, repo, branch],
  );
  return row ? normalize(row) : undefined;
}

/** Points the violations of these fixes (still waiting in `fix_proposed` or being re-fixed) at the PR. */
export async function linkViolations(db: SqlExecutor, prId: number, fixIds: number[], statuses = ['fix_proposed']): Promise<void> {
  if (fixIds.length === 0) return;
  await db.query(
    `update violations set pull_request_id = $1, updated_at = now() where fix_id = any($2::bigint[]) and status = any($3::text[]) and pull_request_id is distinct from $1`,
    [prId, fixIds, statuses],
  );
}

/** The live PR of a branch, created as a `scheduled` placeholder when there is none yet. */
export async function ensurePrRecord(db: SqlExecutor, key: { forge: ForgeId; repo: string; branch: string; batchKey: string; runId?: number }): Promise<PrRecord> {
  await db.query(
    `insert into pull_requests (run_id, forge, repo, branch, batch_key, title, body, state)
     values ($1, $2, $3, $4, $5, '', '', 'scheduled')
     on conflict (forge, repo, branch) where state in ('scheduled', 'open', 'error') do nothing`,
    [key.runId ?? null, key.forge, key.repo, key.branch, key.batchKey],
  );
  const [row] = await db.query<PrRecord>(
    `select ${COLUMNS} from pull_requests where forge = $1 and repo = $2 and branch = $3 and state in ('scheduled', 'open', 'error')`,
    [key.forge, key.repo, key.branch],
  );
  return normalize(row);
}

/** Takes the record's lease (a few minutes); false when another worker holds it. */
export async function acquireLease(db: SqlExecutor, id: number, now: Date, seconds = 300): Promise<boolean> {
  const rows = await db.query(
    `update pull_requests set lease_until = $2::timestamptz + make_interval(secs => $3) where id = $1 and (lease_until is null or lease_until < $2) returning id`,
    [id, now, seconds],
  );
  return rows.length > 0;
}

export async function releaseLease(db: SqlExecutor, id: number): Promise<void> {
  await db.query('update pull_requests set lease_until = null where id = $1', [id]);
}

type Patch = Partial<Omit<PrRecord, 'id' | 'createdAt' | 'updatedAt' | 'forge' | 'repo' | 'branch'>>;

const COLUMN_OF: Record<string, string> = {
  runId: 'run_id', baseBranch: 'base_branch', batchKey: 'batch_key', number: 'number', url: 'url', title: 'title', body: 'body',
  state: 'state', draft: 'draft', approval: 'approval', approvalReason: 'approval_reason', approvedBy: 'approved_by', labels: 'labels',
  fingerprint: 'fingerprint', fixIds: 'fix_ids', headSha: 'head_sha', baseSha: 'base_sha', pushedByPerson: 'pushed_by_person',
  heldBy: 'held_by', scheduledFor: 'scheduled_for', checks: 'checks', closedReason: 'closed_reason', lastError: 'last_error',
  openedAt: 'opened_at', mergedAt: 'merged_at', closedAt: 'closed_at',
};
const JSON_COLUMNS = new Set(['labels', 'fixIds', 'checks']);

export async function updatePr(db: SqlExecutor, id: number, patch: Patch & { approvedAt?: Date; syncedAt?: Date }): Promise<void> {
  const sets: string[] = ['updated_at = now()'];
  const params: unknown[] = [id];
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const column = key === 'approvedAt' ? 'approved_at' : key === 'syncedAt' ? 'synced_at' : COLUMN_OF[key];
    if (!column) throw new Error(`updatePr: unknown field ${key}`);
    sets.push(`${column} = $${params.push(JSON_COLUMNS.has(key) ? JSON.stringify(value) : value)}`);
  }
  await db.query(`update pull_requests set ${sets.join(', ')} where id = $1`, params);
}

/** One audit_log row per PR action, naming the run and the actor. */
export async function auditPr(db: SqlExecutor, actor: string, action: string, pr: Pick<PrRecord, 'id' | 'forge' | 'repo' | 'branch' | 'number'> & { runId?: number | null }, details: Record<string, unknown> = {}): Promise<void> {
  await db.query(`insert into audit_log (actor, action, target, details) values ($1, $2, $3, $4)`, [
    actor,
    action,
    `pr ${pr.id}`,
    JSON.stringify({ run: pr.runId ?? null, forge: pr.forge, repo: pr.repo, branch: pr.branch, number: pr.number, ...details }),
  ]);
}

/**
 * Moves violations (selected by PR link or by fix) from any of `from` to `to`, one event each;
 * returns how many moved. `link` sets their pull_request_id at the same time.
 */
export async function moveViolations(
  db: SqlExecutor,
  select: { prId?: number; fixIds?: number[] },
  from: string[],
  to: string,
  actor: string,
  reason: string,
): Promise<number> {
  const byPr = select.prId !== undefined;
  const [row] = await db.query<{ n: number | string }>(
    `with target as (
       select id, status from violations
       where ${byPr ? 'pull_request_id = $1' : 'fix_id = any($1::bigint[])'} and status = any($2::text[]) for update),
     moved as (
       update violations v set status = $3, reason = $5, updated_at = now()
       from target t where v.id = t.id returning v.id, t.status as from_status),
     events as (
       insert into violation_events (violation_id, actor, from_status, to_status, reason)
       select id, $4, from_status, $3, $5 from moved returning 1)
     select count(*) as n from events`,
    [byPr ? select.prId : (select.fixIds ?? []), from, to, actor, reason],
  );
  return Number(row.n);
}

/**
 * Read models of PRs for the CLI and JSON output: what `sweep prs list` and `sweep prs show`
 * print, with the violations each PR carries (by status) and, for one PR, its audit trail.
 */
import type { SqlExecutor } from '../db/store.ts';
import { getPr, listPrs, type PrRecord } from './records.ts';

export interface PrView {
  id: number;
  state: PrRecord['state'];
  draft: boolean;
  approval: PrRecord['approval'];
  approvalReason: string | null;
  forge: string;
  repo: string;
  branch: string;
  number: number | null;
  url: string | null;
  title: string;
  run: number | null;
  violations: Record<string, number>;
  heldBy: string | null;
  scheduledFor: string | null;
  openedAt: string | null;
  mergedAt: string | null;
  closedAt: string | null;
  closedReason: string | null;
  pushedByPerson: string | null;
  checks: Record<string, unknown>;
  lastError: string | null;
}

function view(pr: PrRecord, violations: Record<string, number>): PrView {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: pr.id,
    state: pr.state,
    draft: pr.draft,
    approval: pr.approval,
    approvalReason: pr.approvalReason,
    forge: pr.forge,
    repo: pr.repo,
    branch: pr.branch,
    number: pr.number,
    url: pr.url,
    title: pr.title,
    run: pr.runId,
    violations,
    heldBy: pr.heldBy,
    scheduledFor: iso(pr.scheduledFor),
    openedAt: iso(pr.openedAt),
    mergedAt: iso(pr.mergedAt),
    closedAt: iso(pr.closedAt),
    closedReason: pr.closedReason,
    pushedByPerson: pr.pushedByPerson,
    checks: pr.checks,
    lastError: pr.lastError,
  };
}

async function violationCounts(db: SqlExecutor, ids: number[]): Promise<Map<number, Record<string, number>>> {
  const counts = new Map<number, Record<string, number>>();
  if (ids.length === 0) return counts;
  const rows = await db.query<{ pr: number | string; status: string; n: number | string }>(
    `select pull_request_id as pr, status, count(*) as n from violations where pull_request_id = any($1::bigint[]) group by 1, 2`,
    [ids],
  );
  for (const row of rows) {
    const entry = counts.get(Number(row.pr)) ?? {};
    entry[row.status] = Number(row.n);
    counts.set(Number(row.pr), entry);
  }
  return counts;
}

export async function listPrViews(db: SqlExecutor, filter: { states?: string[]; runId?: number } = {}): Promise<PrView[]> {
  const prs = await listPrs(db, filter);
  const counts = await violationCounts(db, prs.map((p) => p.id));
  return prs.map((pr) => view(pr, counts.get(pr.id) ?? {}));
}

export interface PrDetail extends PrView {
  body: string;
  labels: string[];
  headSha: string | null;
  baseSha: string | null;
  fixIds: number[];
  violationList: { id: number; status: string; severity: string; policy: string; resource: string; reason: string | null }[];
  audit: { at: string; actor: string; action: string; details: Record<string, unknown> }[];
}

export async function showPr(db: SqlExecutor, id: number): Promise<PrDetail | undefined> {
  const pr = await getPr(db, id);
  if (!pr) return undefined;
  const counts = await violationCounts(db, [id]);
  const violations = await db.query<{ id: number | string; status: string; severity: string; policy_id: string; resource_key: string; reason: string | null }>(
    `select id, status, severity, policy_id, resource_key, reason from violations where pull_request_id = $1 order by id`,
    [id],
  );
  const audit = await db.query<{ at: Date | string; actor: string; action: string; details: Record<string, unknown> }>(
    `select at, actor, action, details from audit_log where target = $1 order by id`,
    [`pr ${id}`],
  );
  return {
    ...view(pr, counts.get(id) ?? {}),
    body: pr.body,
    labels: pr.labels,
    headSha: pr.headSha,
    baseSha: pr.baseSha,
    fixIds: pr.fixIds,
    violationList: violations.map((v) => ({ id: Number(v.id), status: v.status, severity: v.severity, policy: v.policy_id, resource: v.resource_key, reason: v.reason })),
    audit: audit.map((a) => ({ at: new Date(a.at).toISOString(), actor: a.actor, action: a.action, details: a.details })),
  };
}

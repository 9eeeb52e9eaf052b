/**
 * The `scan.finished` notification: what a scheduled scan did (new / resolved / reopened / still
 * open), the open backlog it left in the scopes it read, and what followed it. Built from the
 * stored scan row, so it reports what was committed, not what the worker believed.
 */
import type { SqlExecutor } from '../db/store.ts';
import { summarizeBacklog } from '../violations/summary.ts';

export interface ScanFinishedEvent {
  event: 'scan.finished';
  scan: { id: number; status: string; trigger: string; schedule: string | null; startedAt: string; finishedAt: string | null; error?: string };
  counts: { new: number; resolved: number; reopened: number; open: number };
  backlog: { bySeverity: Record<string, number>; total: number };
  sources: string[];
  /** Exceptions whose expiry had passed, returned to the backlog before the scan. */
  unsuppressed: number;
  /** The remediation run `--then-remediate` started, if any. */
  remediation: { runId: number; violations: number; groups: number } | null;
}

interface ScanRow {
  id: number | string;
  status: string;
  trigger: string;
  sources: string[];
  started_at: Date | string;
  finished_at: Date | string | null;
  counts: { counts?: Partial<Record<'new' | 'resolved' | 'reopened' | 'open', number>> };
  error: string | null;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export async function scanFinishedEvent(
  db: SqlExecutor,
  scanId: number,
  extra: { schedule: string | null; unsuppressed: number; remediation: ScanFinishedEvent['remediation'] },
): Promise<ScanFinishedEvent> {
  const [row] = await db.query<ScanRow>('select id, status, trigger, sources, started_at, finished_at, counts, error from scans where id = $1', [scanId]);
  if (!row) throw new Error(`scan ${scanId} does not exist`);
  const scopes = (await db.query<{ scope: string }>('select scope from scan_scopes where scan_id = $1', [scanId])).map((r) => r.scope);
  // A failed scan committed nothing; its backlog is empty by construction, so say so rather than query.
  const backlog = row.status === 'failed' ? { bySeverity: {}, total: 0 } : await summarizeBacklog(db, scopes);
  const counts = row.counts?.counts ?? {};
  return {
    event: 'scan.finished',
    scan: {
      id: Number(row.id),
      status: row.status,
      trigger: row.trigger,
      schedule: extra.schedule,
      startedAt: iso(row.started_at)!,
      finishedAt: iso(row.finished_at),
      ...(row.error ? { error: row.error } : {}),
    },
    counts: { new: counts.new ?? 0, resolved: counts.resolved ?? 0, reopened: counts.reopened ?? 0, open: counts.open ?? 0 },
    backlog: { bySeverity: backlog.bySeverity, total: backlog.total },
    sources: row.sources,
    unsuppressed: extra.unsuppressed,
    remediation: extra.remediation,
  };
}

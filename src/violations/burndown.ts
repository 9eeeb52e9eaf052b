/**
 * The burndown series: the open backlog when each scan finished, from `backlog_snapshots` (one row
 * per scan, written by a trigger at scan end — see counts.ts), plus the live count as the last point.
 */
import type { SqlExecutor } from '../db/store.ts';
import { OPEN_SQL } from './counts.ts';

export interface BurndownPoint {
  /** Null for the live point. */
  scanId: number | null;
  at: string;
  open: number;
  bySeverity: Record<string, number>;
}

export interface BurndownQuery {
  /** Only points at or after this time. */
  since?: Date;
  /** At most this many scan points (the latest ones). */
  limit: number;
}

export async function burndownSeries(db: SqlExecutor, query: BurndownQuery, now: Date = new Date()): Promise<BurndownPoint[]> {
  const [rows, live] = await Promise.all([
    db.query<{ scan_id: number; at: Date | string; open: number; by_severity: Record<string, number> }>(
      `select * from (
         select scan_id, at, open, by_severity from backlog_snapshots
         where ($1::timestamptz is null or at >= $1) order by at desc limit $2) latest
       order by at`,
      [query.since?.toISOString() ?? null, query.limit],
    ),
    db.query<{ severity: string; n: number | string }>(
      `select severity, sum(n) as n from violation_count_deltas where status in ${OPEN_SQL} group by 1 having sum(n) <> 0`,
    ),
  ]);
  const points: BurndownPoint[] = rows.map((r) => ({
    scanId: Number(r.scan_id),
    at: new Date(r.at).toISOString(),
    open: Number(r.open),
    bySeverity: r.by_severity,
  }));
  const bySeverity = Object.fromEntries(live.map((r) => [r.severity, Number(r.n)]));
  points.push({ scanId: null, at: now.toISOString(), open: Object.values(bySeverity).reduce((a, b) => a + b, 0), bySeverity });
  return points;
}

import type { SqlExecutor } from '../db/store.ts';
import { OPEN_STATUSES } from './filter.ts';

export interface BacklogSummary {
  bySeverity: Record<string, number>;
  /** Per framework: open violations credited to it, and controls with at least one open violation. */
  byFramework: { framework: string; violations: number; failingControls: number; coveredControls: number }[];
  total: number;
}

/** Open backlog by severity and by framework. `scopes` narrows it to what one scan read. */
export async function summarizeBacklog(db: SqlExecutor, scopes?: string[]): Promise<BacklogSummary> {
  const scopeClause = scopes ? 'and v.scope = any($2::text[])' : '';
  const params: unknown[] = scopes ? [OPEN_STATUSES, scopes] : [OPEN_STATUSES];
  const severities = await db.query<{ severity: string; n: number | string }>(
    `select v.severity, count(*) as n from violations v where v.status = any($1::text[]) ${scopeClause} group by 1`,
    params,
  );
  const frameworks = await db.query<{ framework: string; violations: number | string; failing: number | string }>(
    `select pc.framework, count(distinct v.id) as violations, count(distinct pc.control) as failing
     from violations v join policy_controls pc on pc.policy_id = v.policy_id
     where v.status = any($1::text[]) ${scopeClause} group by 1 order by 1`,
    params,
  );
  const covered = await db.query<{ framework: string; n: number | string }>(
    `select framework, count(distinct control) as n from policy_controls group by 1`,
  );
  const coveredBy = new Map(covered.map((row) => [row.framework, Number(row.n)]));
  const bySeverity: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const row of severities) bySeverity[row.severity] = Number(row.n);
  return {
    bySeverity,
    byFramework: [...coveredBy.keys()].sort().map((framework) => {
      const row = frameworks.find((r) => r.framework === framework);
      return {
        framework,
        violations: Number(row?.violations ?? 0),
        failingControls: Number(row?.failing ?? 0),
        coveredControls: coveredBy.get(framework) ?? 0,
      };
    }),
    total: Object.values(bySeverity).reduce((a, b) => a + b, 0),
  };
}

/**
 * Per-framework control status, shared by the OSCAL and HTML reports. A control is *covered* when
 * at least one policy maps to it, and *satisfied* when none of the exported violations credited to
 * it is open; suppressed violations (accepted exceptions) do not fail a control but are counted.
 * Controls no policy maps to are not assessed and not claimed either way.
 */
import { catalogFor } from '../../policies/index.ts';
import type { Framework } from '../../policies/rule.ts';
import type { SqlExecutor } from '../db/store.ts';
import { OPEN_STATUSES } from '../violations/filter.ts';
import type { Scope } from './rows.ts';

export interface ControlStatus {
  control: string;
  title: string;
  family: string;
  /** Policies mapped to the control. */
  policies: number;
  open: number;
  suppressed: number;
  state: 'satisfied' | 'not-satisfied';
}

export function frameworkName(framework: Framework): string {
  return catalogFor(framework)?.name ?? framework;
}

/** Controls in the catalog's own order (how the standard lists them); unknown ids after, sorted. */
export function catalogOrder(framework: Framework): (a: string, b: string) => number {
  const position = new Map((catalogFor(framework)?.controls ?? []).map((control, index) => [control.id, index]));
  return (a, b) => {
    const pa = position.get(a) ?? Number.MAX_SAFE_INTEGER;
    const pb = position.get(b) ?? Number.MAX_SAFE_INTEGER;
    return pa !== pb ? pa - pb : a.localeCompare(b, 'en', { numeric: true });
  };
}

export async function controlStatuses(db: SqlExecutor, framework: Framework, scope: Scope): Promise<ControlStatus[]> {
  const n = scope.params.length;
  const rows = await db.query<{
    control: string;
    title: string | null;
    family: string | null;
    policies: number | string;
    open: number | string;
    suppressed: number | string;
  }>(
    `select pc.control, c.title, c.family, count(distinct pc.policy_id) as policies,
       count(v.id) filter (where v.status = any($${n + 2}::text[])) as open,
       count(v.id) filter (where v.status = 'suppressed') as suppressed
     from policy_controls pc
       left join controls c on c.framework = pc.framework and c.control = pc.control
       left join violations v on v.policy_id = pc.policy_id and (${scope.where})
     where pc.framework = $${n + 1}
     group by pc.control, c.title, c.family`,
    [...scope.params, framework, [...OPEN_STATUSES]],
  );
  const order = catalogOrder(framework);
  return rows
    .map((row) => {
      const open = Number(row.open);
      return {
        control: row.control,
        title: row.title ?? '',
        family: row.family ?? '',
        policies: Number(row.policies),
        open,
        suppressed: Number(row.suppressed),
        state: open > 0 ? ('not-satisfied' as const) : ('satisfied' as const),
      };
    })
    .sort((a, b) => order(a.control, b.control));
}

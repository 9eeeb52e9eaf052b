import type { SqlExecutor } from '../db/store.ts';
import { compileFilter, type ViolationFilter } from './filter.ts';

/** The `violations --json` shape: stable, documented in the README. */
export interface ViolationView {
  id: number;
  fingerprint: string;
  policy: string;
  severity: string;
  status: string;
  message: string;
  assignee: string | null;
  resource: { key: string; type: string; urn: string | null; nativeId: string | null; name: string | null; source: string | null };
  controls: { framework: string; control: string }[];
  iac: { repo: string | null; path: string | null; line: number | null };
}

interface Row {
  id: number;
  fingerprint: string;
  policy_id: string;
  severity: string;
  status: string;
  message: string;
  assignee: string | null;
  resource_key: string;
  resource_type: string;
  urn: string | null;
  native_id: string | null;
  name: string | null;
  source: string | null;
  iac: { repo?: string; path?: string; line?: number } | null;
  controls: { framework: string; control: string }[] | string;
}

export const SEVERITY_ORDER_SQL = `array_position(array['critical','high','medium','low']::text[], v.severity)`;

export async function listViolations(db: SqlExecutor, filter: ViolationFilter, limit: number): Promise<ViolationView[]> {
  const { where, params } = compileFilter(filter);
  return queryViolationViews(db, where, params, `${SEVERITY_ORDER_SQL}, v.id`, limit);
}

/** The view query behind every listing; `where` and `orderBy` are SQL over alias `v` with `$n` params (the API's cursor pages). */
export async function queryViolationViews(db: SqlExecutor, where: string, params: unknown[], orderBy: string, limit: number): Promise<ViolationView[]> {
  const rows = await db.query<Row>(
    `select v.id, v.fingerprint, v.policy_id, v.severity, v.status, v.message, v.assignee, v.resource_key, v.resource_type,
       r.urn, r.native_id, r.name, r.source, r.iac,
       coalesce((select json_agg(json_build_object('framework', pc.framework, 'control', pc.control)
                                 order by pc.framework, pc.control)
                 from policy_controls pc where pc.policy_id = v.policy_id), '[]'::json) as controls
     from violations v left join resources r on r.key = v.resource_key
     where ${where}
     order by ${orderBy}
     limit ${Math.max(1, Math.floor(limit))}`,
    params,
  );
  return rows.map(toView);
}

function toView(row: Row): ViolationView {
  const controls = typeof row.controls === 'string' ? JSON.parse(row.controls) : row.controls;
  return {
    id: Number(row.id),
    fingerprint: row.fingerprint,
    policy: row.policy_id,
    severity: row.severity,
    status: row.status,
    message: row.message,
    assignee: row.assignee,
    resource: {
      key: row.resource_key,
      type: row.resource_type,
      urn: row.urn,
      nativeId: row.native_id,
      name: row.name,
      source: row.source,
    },
    controls,
    iac: { repo: row.iac?.repo ?? null, path: row.iac?.path ?? null, line: row.iac?.line ?? null },
  };
}

/**
 * What a batch's PR carries right now: every verified fix of the batch (any run) whose violations
 * still wait in `fix_proposed`, in fix order, with the violations, the rule and its controls.
 * Batch keys are `<repo>|<stack>|<policy>` (plan.ts); groups of a large batch add `|part<n>`.
 */
import type { SqlExecutor } from '../db/store.ts';
import type { PrBodyFix, PrBodyViolation } from '../forges/pr-body.ts';

export interface BatchFix extends PrBodyFix {
  runId: number;
  patch: string;
  baseSha: string | null;
}

export interface BatchViolation extends PrBodyViolation {
  fixId: number;
}

export interface BatchContent {
  batchKey: string;
  repo: string;
  stack: string;
  policyId: string;
  fixes: BatchFix[];
  violations: BatchViolation[];
  policy: { id: string; title: string; severity: string; rationale?: string };
  controls: { framework: string; control: string }[];
  /** The iac path of the first violation's resource (to find the Pulumi project for the body). */
  iacPath?: string;
}

/** Splits a batch key; the repo part may itself hold `|` only in theory, so split from the right. */
export function parseBatchKey(batchKey: string): { repo: string; stack: string; policyId: string } {
  const parts = batchKey.split('|');
  const policyId = parts.pop() ?? '';
  const stack = parts.pop() ?? '';
  return { repo: parts.join('|'), stack, policyId };
}

const RANK = `case v.severity when 'critical' then 0 when 'high' then 1 when 'medium' then 2 else 3 end`;

export async function loadBatch(db: SqlExecutor, batchKey: string): Promise<BatchContent> {
  const { repo, stack, policyId } = parseBatchKey(batchKey);
  const fixRows = await db.query<{ id: number | string; run_id: number | string; group_key: string; patch: string | null; base_sha: string | null; strategy: string | null; verification: { report?: { layers?: PrBodyFix['layers']; propertyDiff?: PrBodyFix['propertyDiff'] } } | null; n: number | string }>(
    // From the batch's waiting violations (policy + status index) to their fixes (primary key).
    `select f.id, f.run_id, f.group_key, f.patch, f.base_sha, f.strategy, f.verification, count(*) as n
     from violations v join fixes f on f.id = v.fix_id
     where v.policy_id = $2 and v.status = 'fix_proposed'
       and f.status = 'verified' and f.patch is not null and (f.group_key = $1 or starts_with(f.group_key, $1 || '|part'))
     group by f.id order by f.id`,
    [batchKey, policyId],
  );
  const fixes: BatchFix[] = fixRows.map((row) => ({
    fixId: Number(row.id),
    runId: Number(row.run_id),
    groupKey: row.group_key,
    strategy: row.strategy ?? 'unknown',
    violations: Number(row.n),
    patch: row.patch ?? '',
    baseSha: row.base_sha,
    layers: row.verification?.report?.layers ?? [],
    propertyDiff: row.verification?.report?.propertyDiff ?? {},
  }));
  const violationRows = fixes.length === 0 ? [] : await db.query<{ id: number | string; fix_id: number | string; policy_id: string; severity: string; name: string | null; type: string; urn: string | null; path: string | null; line: number | string | null; key: string }>(
    `select v.id, v.fix_id, v.policy_id, v.severity, r.name, v.resource_type as type, r.urn, r.iac->>'path' as path, r.iac->>'line' as line, v.resource_key as key
     from violations v left join resources r on r.key = v.resource_key
     where v.policy_id = $2 and v.status = 'fix_proposed' and v.fix_id = any($1::bigint[])
     order by ${RANK}, v.id`,
    [fixes.map((f) => f.fixId), policyId],
  );
  const [policy] = await db.query<{ id: string; title: string; severity: string; rationale: string }>(
    'select id, title, severity, rationale from policies where id = $1',
    [policyId],
  );
  const controls = await db.query<{ framework: string; control: string }>(
    'select framework, control from policy_controls where policy_id = $1 order by framework, control',
    [policyId],
  );
  return {
    batchKey,
    repo,
    stack,
    policyId,
    fixes,
    violations: violationRows.map((row) => ({
      id: Number(row.id),
      fixId: Number(row.fix_id),
      policyId: row.policy_id,
      severity: row.severity,
      resourceName: row.name ?? row.key,
      resourceType: row.type,
      urn: row.urn ?? undefined,
      location: row.path ? `${row.path}${row.line ? `:${row.line}` : ''}` : undefined,
    })),
    policy: policy ?? { id: policyId, title: policyId, severity: violationRows[0]?.severity ?? 'medium' },
    controls,
    iacPath: violationRows.find((row) => row.path)?.path ?? undefined,
  };
}

/** Violations linked to a PR that are being re-fixed right now (a regeneration is in flight). */
export async function inFlight(db: SqlExecutor, prId: number): Promise<number> {
  const [row] = await db.query<{ n: number | string }>(
    `select count(*) as n from violations where pull_request_id = $1 and status in ('assigned', 'queued', 'fixing')`,
    [prId],
  );
  return Number(row.n);
}

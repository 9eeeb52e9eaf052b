/** Remediation runs: list with live progress, start (optionally assigning to `ai` first), cancel, resume. */
import { z } from 'zod';
import type { Store } from '../../db/store.ts';
import { cancelRun, createRun, enqueueRun, resumeRun, runProgress } from '../../remediation/runs.ts';
import { assignableFilter, assignViolations } from '../../violations/assign.ts';
import type { ViolationFilter } from '../../violations/filter.ts';
import { countViolations } from '../../violations/page.ts';
import { actorOf } from '../auth/roles.ts';
import { ApiError } from '../http.ts';
import { defineRoute } from '../router.ts';
import { bulkTargetShape, decodeCursor, encodeCursor, exactlyOneTarget, iso, numericParam, oneTargetMessage, pageFields, requireQueue, targetFilter } from './common.ts';

interface RunRow {
  id: number;
  status: string;
  filter: Record<string, unknown>;
  options: Record<string, unknown>;
  created_by: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

async function runView(store: Store, row: RunRow) {
  return {
    id: Number(row.id),
    status: row.status,
    filter: row.filter,
    options: row.options,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    progress: await runProgress(store, Number(row.id)),
  };
}

const RUN_COLUMNS = 'id, status, filter, options, created_by, created_at, started_at, finished_at';

const listQuery = z.object({ ...pageFields, status: z.array(z.string().min(1)).optional() }).strict();

const list = defineRoute<z.infer<typeof listQuery>>({
  method: 'GET',
  path: '/api/v1/remediations',
  role: 'viewer',
  tag: 'remediation',
  summary: 'Remediation runs, newest first, each with its progress (groups and violations by state, outcome per strategy)',
  query: listQuery,
  returns: '{ items: [{ id, status, createdBy, createdAt, progress }], nextCursor }',
  async handle({ deps, query }) {
    const cursor = decodeCursor(query.cursor, z.object({ id: z.number().int().positive() }));
    const rows = await deps.store.query<RunRow>(
      `select ${RUN_COLUMNS} from remediation_runs
       where ($1::bigint is null or id < $1) and ($2::text[] is null or status = any($2::text[]))
       order by id desc limit $3`,
      [cursor?.id ?? null, query.status ?? null, query.limit + 1],
    );
    const items = await Promise.all(rows.slice(0, query.limit).map((row) => runView(deps.store, row)));
    const next = rows.length > query.limit ? encodeCursor({ id: items.at(-1)!.id }) : null;
    return { body: { items, nextCursor: next } };
  },
});

async function findRun(store: Store, id: number): Promise<RunRow> {
  const [row] = await store.query<RunRow>(`select ${RUN_COLUMNS} from remediation_runs where id = $1`, [id]);
  if (!row) throw new ApiError(404, 'run-not-found', `no remediation run ${id}`);
  return row;
}

const one = defineRoute({
  method: 'GET',
  path: '/api/v1/remediations/:id',
  role: 'viewer',
  tag: 'remediation',
  summary: 'One run and its progress',
  returns: '{ id, status, progress, ... }',
  async handle({ deps, params }) {
    return { body: await runView(deps.store, await findRun(deps.store, numericParam(params, 'id'))) };
  },
});

const startBody = z
  .object({
    ...bulkTargetShape,
    /** Assign the matching violations to `ai` first (the explorer's "Remediate" on a selection). */
    assignToAi: z.boolean().optional(),
    maxViolations: z.number().int().positive().optional(),
    maxPrs: z.number().int().positive().optional(),
    groupSize: z.number().int().min(1).max(500).optional(),
  })
  .strict()
  .refine(exactlyOneTarget, oneTargetMessage);

const start = defineRoute<Record<string, never>, z.infer<typeof startBody>>({
  method: 'POST',
  path: '/api/v1/remediations',
  role: 'operator',
  tag: 'remediation',
  summary: 'Start a run over the matching violations assigned to `ai` (with assignToAi: assign them first); enqueues its fix jobs',
  body: startBody,
  returns: '{ runId, violations, groups, batches, assigned, dryRun }',
  success: 201,
  async handle({ deps, principal, body }) {
    const filter: ViolationFilter = targetFilter(body);
    const actor = actorOf(principal!);
    if (body.dryRun) {
      const ready = (await countViolations(deps.store, { ...filter, assignee: ['ai'], status: ['assigned'] })).count;
      const assignable = body.assignToAi && assignableFilter(filter).status?.length !== 0 ? (await countViolations(deps.store, assignableFilter(filter))).count : 0;
      return { body: { runId: null, violations: Math.max(ready, assignable), groups: null, batches: null, assigned: 0, dryRun: true } };
    }
    const queue = requireQueue(deps);
    let assigned = 0;
    if (body.assignToAi && assignableFilter(filter).status?.length !== 0) {
      assigned = (await assignViolations(deps.store, filter, 'ai', actor, 'remediation requested through the API')).changed;
    }
    const created = await createRun(deps.store, {
      filter,
      actor,
      maxViolations: body.maxViolations,
      maxPrs: body.maxPrs,
      groupSize: body.groupSize ?? 50,
    });
    if (created.groups > 0) await enqueueRun(queue, created.runId, created.batches);
    void deps.events.poll();
    return {
      status: 201,
      body: { runId: created.runId, violations: created.violations, groups: created.groups, batches: created.batches.length, assigned, dryRun: false },
    };
  },
});

const cancel = defineRoute({
  method: 'POST',
  path: '/api/v1/remediations/:id/cancel',
  role: 'operator',
  tag: 'remediation',
  summary: 'Cancel a run: queued groups never start; their violations go back to assigned',
  returns: '{ runId, returned }',
  async handle({ deps, principal, params }) {
    const run = await findRun(deps.store, numericParam(params, 'id'));
    const returned = await cancelRun(deps.store, Number(run.id), actorOf(principal!));
    void deps.events.poll();
    return { body: { runId: Number(run.id), returned } };
  },
});

const resume = defineRoute({
  method: 'POST',
  path: '/api/v1/remediations/:id/resume',
  role: 'operator',
  tag: 'remediation',
  summary: 'Resume a run: re-enqueue the groups that have not finished',
  returns: '{ runId, groups }',
  async handle({ deps, principal, params }) {
    const run = await findRun(deps.store, numericParam(params, 'id'));
    const groups = await resumeRun(deps.store, requireQueue(deps), Number(run.id), actorOf(principal!));
    void deps.events.poll();
    return { body: { runId: Number(run.id), groups } };
  },
});

export const remediationRoutes = [list, one, start, cancel, resume];

/** The explorer: cursor pages with the CLI's filters, counts, one violation's trail, and bulk assign / suppress. */
import { z } from 'zod';
import { assignableFilter, assignViolations, ASSIGNABLE_STATUSES } from '../../violations/assign.ts';
import type { ViolationFilter } from '../../violations/filter.ts';
import { queryViolationViews } from '../../violations/list.ts';
import { countViolations, violationPage, VIOLATION_SORTS, type PageCursor } from '../../violations/page.ts';
import { suppressibleFilter, suppressViolations } from '../../violations/suppress.ts';
import { actorOf } from '../auth/roles.ts';
import { ApiError } from '../http.ts';
import { defineRoute } from '../router.ts';
import {
  bulkTargetShape,
  decodeCursor,
  encodeCursor,
  exactlyOneTarget,
  filterFromQuery,
  filterQueryShape,
  iso,
  numericParam,
  oneTargetMessage,
  pageFields,
  targetFilter,
} from './common.ts';

const listQuery = z.object({ ...filterQueryShape, ...pageFields, sort: z.enum(VIOLATION_SORTS).default('severity') }).strict();

const cursorSchema: z.ZodType<PageCursor> = z.object({
  sort: z.enum(VIOLATION_SORTS),
  id: z.number().int().positive(),
  rank: z.number().int().optional(),
});

const list = defineRoute<z.infer<typeof listQuery>>({
  method: 'GET',
  path: '/api/v1/violations',
  role: 'viewer',
  tag: 'violations',
  summary: 'Violations matching the CLI filters, most severe first (or newest/oldest), one cursor page at a time',
  query: listQuery,
  returns: '{ items: [violation as `sweep violations --json`], nextCursor: string | null }',
  async handle({ deps, query }) {
    const filter = filterFromQuery(query);
    const cursor = decodeCursor(query.cursor, cursorSchema);
    if (cursor && cursor.sort !== query.sort) throw new ApiError(400, 'invalid-cursor', `the cursor belongs to sort=${cursor.sort}`);
    const page = await violationPage(deps.store, filter, { sort: query.sort, limit: query.limit, cursor });
    return { body: { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null } };
  },
});

const countQuery = z.object({ ...filterQueryShape }).strict();

const count = defineRoute<z.infer<typeof countQuery>>({
  method: 'GET',
  path: '/api/v1/violations/count',
  role: 'viewer',
  tag: 'violations',
  summary: 'How many violations match the filters (from the maintained counts when the filter allows)',
  query: countQuery,
  returns: '{ count, source: "counts" | "table" }',
  async handle({ deps, query }) {
    return { body: await countViolations(deps.store, filterFromQuery(query)) };
  },
});

const one = defineRoute({
  method: 'GET',
  path: '/api/v1/violations/:id',
  role: 'viewer',
  tag: 'violations',
  summary: 'One violation and its trail of events (every transition: who, when, from, to, why)',
  returns: '{ violation, events: [{ at, actor, from, to, reason, scanId }] }',
  async handle({ deps, params }) {
    const id = numericParam(params, 'id');
    const [violation] = await queryViolationViews(deps.store, 'v.id = $1', [id], 'v.id', 1);
    if (!violation) throw new ApiError(404, 'violation-not-found', `no violation ${id}`);
    const [extra] = await deps.store.query<{ due_at: Date | null; created_at: Date; resolved_at: Date | null; resolved_how: string | null; reason: string | null; pull_request_id: number | null; remediation_run_id: number | null }>(
      'select due_at, created_at, resolved_at, resolved_how, reason, pull_request_id, remediation_run_id from violations where id = $1',
      [id],
    );
    const events = await deps.store.query<{ at: Date; actor: string; from_status: string | null; to_status: string; reason: string | null; scan_id: number | null }>(
      'select at, actor, from_status, to_status, reason, scan_id from violation_events where violation_id = $1 order by id limit 500',
      [id],
    );
    return {
      body: {
        violation: {
          ...violation,
          dueAt: iso(extra.due_at),
          createdAt: iso(extra.created_at),
          resolvedAt: iso(extra.resolved_at),
          resolvedHow: extra.resolved_how,
          reason: extra.reason,
          pullRequestId: extra.pull_request_id === null ? null : Number(extra.pull_request_id),
          remediationRunId: extra.remediation_run_id === null ? null : Number(extra.remediation_run_id),
        },
        events: events.map((e) => ({ at: iso(e.at), actor: e.actor, from: e.from_status, to: e.to_status, reason: e.reason, scanId: e.scan_id === null ? null : Number(e.scan_id) })),
      },
    };
  },
});

const ASSIGNEE = /^[\w.@:+-]{1,120}$/;

const assignBody = z
  .object({
    ...bulkTargetShape,
    to: z.string().regex(ASSIGNEE, 'use `ai` or an owner name/email (letters, digits, . @ : + - _)'),
    reason: z.string().min(1).max(500).optional(),
  })
  .strict()
  .refine(exactlyOneTarget, oneTargetMessage);

const assign = defineRoute<Record<string, never>, z.infer<typeof assignBody>>({
  method: 'POST',
  path: '/api/v1/violations/assign',
  role: 'operator',
  tag: 'violations',
  summary: `Assign every violation matching a filter (or the given ids) to \`ai\` or an owner; only ${ASSIGNABLE_STATUSES.join('/')} ones move`,
  body: assignBody,
  returns: '{ matched, changed, dryRun }',
  async handle({ deps, principal, body }) {
    const filter: ViolationFilter = targetFilter(body);
    // A status filter with no assignable status matches nothing (an empty list would mean "any").
    if (assignableFilter(filter).status?.length === 0) return { body: { matched: 0, changed: 0, dryRun: Boolean(body.dryRun) } };
    if (body.dryRun) {
      const { count } = await countViolations(deps.store, assignableFilter(filter));
      return { body: { matched: count, changed: 0, dryRun: true } };
    }
    const result = await assignViolations(deps.store, filter, body.to, actorOf(principal!), body.reason);
    return { body: { matched: result.matched, changed: result.changed, dryRun: false } };
  },
});

const suppressBody = z
  .object({
    ...bulkTargetShape,
    reason: z.string().trim().min(3, 'say why (at least a few words)').max(1000),
    approvedBy: z.string().regex(ASSIGNEE, 'the approver: a name or email'),
    expiresAt: z.union([z.iso.date(), z.iso.datetime({ offset: true })]),
  })
  .strict()
  .refine(exactlyOneTarget, oneTargetMessage);

const suppress = defineRoute<Record<string, never>, z.infer<typeof suppressBody>>({
  method: 'POST',
  path: '/api/v1/violations/suppress',
  role: 'operator',
  tag: 'violations',
  summary: 'Suppress the violations matching a filter (or the ids) until an expiry, with a reason and an approver',
  body: suppressBody,
  returns: '{ suppressionId, matched, changed, dryRun }',
  async handle({ deps, principal, body }) {
    const filter = targetFilter(body);
    if (suppressibleFilter(filter).status?.length === 0) return { body: { suppressionId: null, matched: 0, changed: 0, dryRun: Boolean(body.dryRun) } };
    if (body.dryRun) {
      const { count } = await countViolations(deps.store, suppressibleFilter(filter));
      return { body: { suppressionId: null, matched: count, changed: 0, dryRun: true } };
    }
    const result = await suppressViolations(
      deps.store,
      { filter, reason: body.reason, approvedBy: body.approvedBy, expiresAt: new Date(body.expiresAt), actor: actorOf(principal!) },
      deps.clock(),
    );
    return { body: { ...result, dryRun: false } };
  },
});

export const violationRoutes = [list, count, one, assign, suppress];

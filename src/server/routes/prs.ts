/** Pull requests: state, checks, the violations each carries, a link to the forge; approving drafts held for approval. */
import { z } from 'zod';
import { actorOf } from '../auth/roles.ts';
import { defineRoute } from '../router.ts';
import { decodeCursor, encodeCursor, iso, numericParam, pageFields } from './common.ts';

const listQuery = z
  .object({
    ...pageFields,
    state: z.array(z.string().min(1)).optional(),
    repo: z.array(z.string().min(1)).optional(),
    /** Only PRs waiting for approval. */
    pending: z.boolean().optional(),
  })
  .strict();

type PrRow = Record<string, unknown> & { id: number };

const list = defineRoute<z.infer<typeof listQuery>>({
  method: 'GET',
  path: '/api/v1/prs',
  role: 'viewer',
  tag: 'pull requests',
  summary: 'Pull requests, newest first: forge, repo, branch, state, approval, checks, link, violations carried by status',
  query: listQuery,
  returns: '{ items: [{ id, forge, repo, branch, number, url, title, state, draft, approval, checks, violations: { total, byStatus } }], nextCursor }',
  async handle({ deps, query }) {
    const cursor = decodeCursor(query.cursor, z.object({ id: z.number().int().positive() }));
    // `p.*`: the PR engine owns this table's columns; the view below reads what it knows and tolerates the rest.
    const rows = await deps.store.query<PrRow>(
      `select p.* from pull_requests p
       where ($1::bigint is null or p.id < $1) and ($2::text[] is null or p.state = any($2::text[]))
         and ($3::text[] is null or p.repo = any($3::text[])) and (not $4::boolean or p.approval = 'pending')
       order by p.id desc limit $5`,
      [cursor?.id ?? null, query.state ?? null, query.repo ?? null, query.pending ?? false, query.limit + 1],
    );
    const page = rows.slice(0, query.limit);
    const counts = await deps.store.query<{ pull_request_id: number; status: string; n: number | string }>(
      `select pull_request_id, status, count(*) as n from violations where pull_request_id = any($1::bigint[]) group by 1, 2`,
      [page.map((r) => Number(r.id))],
    );
    const items = page.map((r) => {
      const byStatus = Object.fromEntries(counts.filter((c) => Number(c.pull_request_id) === Number(r.id)).map((c) => [c.status, Number(c.n)]));
      return {
        id: Number(r.id),
        runId: r.run_id === null || r.run_id === undefined ? null : Number(r.run_id),
        forge: r.forge,
        repo: r.repo,
        branch: r.branch,
        batchKey: r.batch_key,
        number: r.number ?? null,
        url: r.url ?? null,
        title: r.title,
        state: r.state,
        draft: r.draft ?? false,
        approval: r.approval ?? 'not-required',
        approvalReason: r.approval_reason ?? null,
        approvedBy: r.approved_by ?? null,
        approvedAt: iso(r.approved_at as Date | null | undefined),
        checks: r.checks ?? {},
        heldBy: r.held_by ?? null,
        scheduledFor: iso(r.scheduled_for as Date | null | undefined),
        closedReason: r.closed_reason ?? null,
        lastError: r.last_error ?? null,
        createdAt: iso(r.created_at as Date),
        updatedAt: iso(r.updated_at as Date),
        violations: { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus },
      };
    });
    return { body: { items, nextCursor: rows.length > query.limit ? encodeCursor({ id: items.at(-1)!.id }) : null } };
  },
});

const approve = defineRoute({
  method: 'POST',
  path: '/api/v1/prs/:id/approve',
  role: 'operator',
  tag: 'pull requests',
  summary: 'Approve a pull request held for approval (manual / balanced mode drafts)',
  returns: '{ id, approval, approvedBy, approvedAt }',
  async handle({ deps, principal, params }) {
    return { body: await deps.approvePullRequest(numericParam(params, 'id'), actorOf(principal!)) };
  },
});

export const prRoutes = [list, approve];

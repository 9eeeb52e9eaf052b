/** The overview's numbers: summary (counts, compliance, SLA, oldest) and the burndown series. */
import { z } from 'zod';
import { burndownSeries } from '../../violations/burndown.ts';
import { backlogOverview } from '../../violations/overview.ts';
import { defineRoute } from '../router.ts';

const summary = defineRoute({
  method: 'GET',
  path: '/api/v1/summary',
  role: 'viewer',
  tag: 'backlog',
  summary: 'Open backlog by severity and status, compliance score per framework, SLA breaches, oldest open',
  returns: '{ open, bySeverity, byStatus, frameworks: [{ framework, violations, coveredControls, failingControls, score }], sla, oldest, asOf }',
  async handle({ deps }) {
    return { body: await backlogOverview(deps.store, deps.clock()) };
  },
});

const burndownQuery = z.object({
  limit: z.number().int().min(1).max(1000).default(200),
  since: z.iso.datetime({ offset: true }).optional(),
});

const burndown = defineRoute<z.infer<typeof burndownQuery>>({
  method: 'GET',
  path: '/api/v1/burndown',
  role: 'viewer',
  tag: 'backlog',
  summary: 'Open violations when each scan finished (latest `limit` scans), plus the live count as the last point',
  query: burndownQuery,
  returns: '{ points: [{ scanId | null, at, open, bySeverity }] }',
  async handle({ deps, query }) {
    const points = await burndownSeries(deps.store, { limit: query.limit, since: query.since ? new Date(query.since) : undefined }, deps.clock());
    return { body: { points } };
  },
});

export const backlogRoutes = [summary, burndown];

/** Health, the OpenAPI document, the event stream, queue depth, and the values the explorer's filters offer. */
import { FRAMEWORKS, SEVERITIES } from '../../../policies/rule.ts';
import { VIOLATION_STATUSES } from '../../db/schema/index.ts';
import { OPEN_STATUSES } from '../../violations/filter.ts';
import { VIOLATION_SORTS } from '../../violations/page.ts';
import { ApiError } from '../http.ts';
import { defineRoute, type Route } from '../router.ts';

const health = defineRoute({
  method: 'GET',
  path: '/api/v1/health',
  role: 'public',
  tag: 'meta',
  summary: 'Liveness: the server answers and its database responds',
  returns: '{ ok: true, database: "postgres" | "pglite", queue: "redis" | "postgres" | "pglite" | null }',
  async handle({ deps }) {
    await deps.store.query('select 1');
    return { body: { ok: true, database: deps.store.kind, queue: deps.queue?.kind ?? null } };
  },
});

const events = defineRoute({
  method: 'GET',
  path: '/api/v1/events',
  role: 'viewer',
  tag: 'meta',
  summary: 'Server-sent events: run (progress of a remediation run), scan-started, scan-finished, backlog (counts changed), queues',
  returns: 'text/event-stream',
  async handle({ deps, req, res }) {
    deps.events.subscribe(req, res);
    return { stream: true };
  },
});

const queues = defineRoute({
  method: 'GET',
  path: '/api/v1/queues',
  role: 'viewer',
  tag: 'remediation',
  summary: 'Depth (jobs by state) and throughput (completed per minute) per queue',
  returns: '{ queues: [{ queue, backend, counts, completedPerMinute, failedPerMinute }] }',
  async handle({ deps }) {
    if (!deps.queueStats) throw new ApiError(503, 'queue-unavailable', 'this server has no queue');
    return { body: { queues: await deps.queueStats.snapshot() } };
  },
});

const catalog = defineRoute({
  method: 'GET',
  path: '/api/v1/catalog',
  role: 'viewer',
  tag: 'meta',
  summary: 'What the filters accept: frameworks, severities, statuses (and which count as open), sorts, policies',
  returns: '{ frameworks, severities, statuses, openStatuses, sorts, policies: [{ id, title, severity }] }',
  async handle({ deps }) {
    const policies = await deps.store.query<{ id: string; title: string; severity: string }>('select id, title, severity from policies order by id');
    return { body: { frameworks: FRAMEWORKS, severities: SEVERITIES, statuses: VIOLATION_STATUSES, openStatuses: OPEN_STATUSES, sorts: VIOLATION_SORTS, policies } };
  },
});

/** The OpenAPI route needs the full list, so it is built from it (routes/index.ts). */
export function openApiRoute(document: () => unknown): Route {
  return defineRoute({
    method: 'GET',
    path: '/api/v1/openapi.json',
    role: 'public',
    tag: 'meta',
    summary: 'This API as an OpenAPI 3.1 document',
    returns: 'the OpenAPI document',
    async handle() {
      return { body: document() };
    },
  });
}

export const metaRoutes = [health, events, queues, catalog];

/** Admin-only: API tokens, connections, and the queue operations view. */
import { z } from 'zod';
import { CLI_KINDS, CONNECTION_NAME, MAX_NAME_LENGTH, SETTINGS_BY_KIND, connectionConfigSchema, type ConnectionConfig } from '../../connections/config.ts';
import { addConnection, listConnections, removeConnection } from '../../connections/store.ts';
import { QUEUES } from '../../queue/catalog.ts';
import { ROLES, actorOf } from '../auth/roles.ts';
import { TOKEN_NAME_PATTERN, createToken, listTokens, revokeToken } from '../auth/tokens.ts';
import { ApiError } from '../http.ts';
import { defineRoute } from '../router.ts';
import { requireQueue } from './common.ts';

const tokens = defineRoute({
  method: 'GET',
  path: '/api/v1/tokens',
  role: 'admin',
  tag: 'admin',
  summary: 'API tokens (names, roles, last use; never the secrets)',
  returns: '{ items: [{ id, name, role, createdBy, createdAt, lastUsedAt, revokedAt }] }',
  async handle({ deps }) {
    return { body: { items: await listTokens(deps.store) } };
  },
});

const tokenBody = z.object({ name: z.string().regex(TOKEN_NAME_PATTERN), role: z.enum(ROLES) }).strict();

const createTokenRoute = defineRoute<Record<string, never>, z.infer<typeof tokenBody>>({
  method: 'POST',
  path: '/api/v1/tokens',
  role: 'admin',
  tag: 'admin',
  summary: 'Create a token; the response is the only time its secret is shown',
  body: tokenBody,
  returns: '{ id, name, role, token }',
  success: 201,
  async handle({ deps, principal, body }) {
    return { status: 201, body: await createToken(deps.store, { name: body.name, role: body.role, actor: actorOf(principal!) }) };
  },
});

const revoke = defineRoute({
  method: 'DELETE',
  path: '/api/v1/tokens/:name',
  role: 'admin',
  tag: 'admin',
  summary: 'Revoke a token (its sessions end too)',
  returns: '{ id, name, role, revokedAt }',
  async handle({ deps, principal, params }) {
    return { body: await revokeToken(deps.store, params.name, actorOf(principal!)) };
  },
});

const connections = defineRoute({
  method: 'GET',
  path: '/api/v1/connections',
  role: 'admin',
  tag: 'admin',
  summary: 'Named live sources (non-secret settings only)',
  returns: '{ items: [{ name, kind, config, notes, createdAt }] }',
  async handle({ deps }) {
    return { body: { items: await listConnections(deps.store) } };
  },
});

const connectionBody = z
  .object({
    name: z.string().max(MAX_NAME_LENGTH).regex(CONNECTION_NAME, 'kebab case, e.g. production-aws'),
    kind: z.enum(CLI_KINDS),
    config: connectionConfigSchema.default({}),
    notes: z.string().max(1000).optional(),
  })
  .strict();

const GENERIC_SETTINGS: readonly (keyof ConnectionConfig)[] = ['envFile', 'esc', 'timeoutSeconds', 'concurrency'];

const addConnectionRoute = defineRoute<Record<string, never>, z.infer<typeof connectionBody>>({
  method: 'POST',
  path: '/api/v1/connections',
  role: 'admin',
  tag: 'admin',
  summary: 'Add a connection (the same checks as `sweep connections add`)',
  body: connectionBody,
  returns: '{ name, kind, config, notes, createdAt }',
  success: 201,
  async handle({ deps, principal, body }) {
    const allowed = new Set([...SETTINGS_BY_KIND[body.kind], ...GENERIC_SETTINGS]);
    const wrong = Object.keys(body.config).filter((key) => !allowed.has(key as keyof ConnectionConfig));
    if (wrong.length > 0) throw new ApiError(400, 'invalid-request', `body.config: ${wrong.join(', ')} do not apply to a ${body.kind} connection`);
    return { status: 201, body: await addConnection(deps.store, { name: body.name, kind: body.kind, config: body.config, notes: body.notes }, actorOf(principal!)) };
  },
});

const removeConnectionRoute = defineRoute({
  method: 'DELETE',
  path: '/api/v1/connections/:name',
  role: 'admin',
  tag: 'admin',
  summary: 'Remove a connection (violations found through it stay)',
  returns: '{ name, kind, config }',
  async handle({ deps, principal, params }) {
    return { body: await removeConnection(deps.store, params.name, actorOf(principal!)) };
  },
});

function queueName(params: Record<string, string>): string {
  const name = params.queue;
  if (!(QUEUES as readonly string[]).includes(name)) throw new ApiError(404, 'queue-not-found', `no queue "${name}"; queues: ${QUEUES.join(', ')}`);
  return name;
}

const opsQueues = defineRoute({
  method: 'GET',
  path: '/api/v1/admin/queues',
  role: 'admin',
  tag: 'admin',
  summary: 'Queue operations view: counts, paused state, and the latest active and failed jobs per queue',
  returns: '{ queues: [{ queue, counts, paused, active: [job], failed: [job] }] }',
  async handle({ deps }) {
    const runtime = requireQueue(deps);
    const snapshot = deps.queueStats ? await deps.queueStats.snapshot() : [];
    const queues = await Promise.all(
      QUEUES.map(async (name) => {
        const queue = runtime.queue(name);
        const [paused, active, failed] = await Promise.all([queue.isPaused(), queue.getJobs(['active'], 0, 19), queue.getJobs(['failed'], 0, 19)]);
        const job = (j: (typeof active)[number]) => ({
          id: j.id,
          name: j.name,
          runId: (j.data as { runId?: number })?.runId ?? null,
          groupKey: (j.data as { groupKey?: string; batchKey?: string })?.groupKey ?? (j.data as { batchKey?: string })?.batchKey ?? null,
          attemptsMade: j.attemptsMade,
          failedReason: j.failedReason ?? null,
          timestamp: j.timestamp ? new Date(j.timestamp).toISOString() : null,
          processedOn: j.processedOn ? new Date(j.processedOn).toISOString() : null,
          finishedOn: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
        });
        const stats = snapshot.find((s) => s.queue === name);
        return { queue: name, backend: runtime.kind, paused, counts: stats?.counts ?? null, completedPerMinute: stats?.completedPerMinute ?? null, active: active.filter(Boolean).map(job), failed: failed.filter(Boolean).map(job) };
      }),
    );
    return { body: { queues } };
  },
});

function pauseRoute(action: 'pause' | 'resume') {
  return defineRoute({
    method: 'POST',
    path: `/api/v1/admin/queues/:queue/${action}`,
    role: 'admin',
    tag: 'admin',
    summary: action === 'pause' ? 'Pause a queue: workers take no new job (running ones finish)' : 'Resume a paused queue',
    returns: '{ queue, paused }',
    async handle({ deps, principal, params }) {
      const name = queueName(params);
      const queue = requireQueue(deps).queue(name);
      if (action === 'pause') await queue.pause();
      else await queue.resume();
      await deps.store.query(`insert into audit_log (actor, action, target, details) values ($1, $2, $3, '{}')`, [actorOf(principal!), `queue.${action}`, name]);
      return { body: { queue: name, paused: await queue.isPaused() } };
    },
  });
}

export const adminRoutes = [tokens, createTokenRoute, revoke, connections, addConnectionRoute, removeConnectionRoute, opsQueues, pauseRoute('pause'), pauseRoute('resume')];

/**
 * The request handler: static dashboard files, then the API — match the route, authenticate and
 * authorize, validate query and body with the route's zod schemas, run the handler, and turn
 * expected failures (ApiError, SweepError) into JSON errors with stable codes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isSweepError } from '../errors.ts';
import { createAuthenticator } from './auth/authenticate.ts';
import type { ServerDeps } from './deps.ts';
import { ApiError, errorBody, invalid, queryObject, readJsonBody, sendJson } from './http.ts';
import { matchRoute, type Route } from './router.ts';
import { loadAssets, serveAsset } from './static.ts';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** HTTP status for a SweepError raised by the domain code a handler called. */
function statusOf(code: string, exitCode: number): number {
  if (code.endsWith('-not-found')) return 404;
  if (code.endsWith('-exists')) return 409;
  if (code === 'db-unavailable') return 503;
  return exitCode === 2 ? 400 : 422;
}

export function createApp(deps: ServerDeps, routes: readonly Route[]): RequestHandler {
  const auth = createAuthenticator(deps.store, deps.clock);
  const assets = loadAssets();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/api/')) {
      if (serveAsset(assets, req, res, url.pathname)) return;
      throw new ApiError(404, 'not-found', `no page at ${url.pathname}`);
    }
    const match = matchRoute(routes, req.method ?? 'GET', url.pathname);
    if (!match) throw new ApiError(404, 'not-found', `no API route ${url.pathname}`, { hint: 'see GET /api/v1/openapi.json' });
    if ('allowed' in match) {
      throw new ApiError(405, 'method-not-allowed', `${req.method} is not allowed on ${url.pathname}`, { details: { allowed: match.allowed } });
    }
    const { route, params } = match;
    const write = route.method !== 'GET';
    const principal = route.role === 'public' ? await auth.identify(req) : await auth.authorize(req, route.role, write);

    let query: unknown = {};
    if (route.query) {
      const parsed = route.query.safeParse(queryObject(url.searchParams, route.query));
      if (!parsed.success) throw invalid('query', parsed.error);
      query = parsed.data;
    }
    let body: unknown = undefined;
    if (route.body) {
      const parsed = route.body.safeParse(await readJsonBody(req));
      if (!parsed.success) throw invalid('body', parsed.error);
      body = parsed.data;
    }
    const reply = await route.handle({ deps, principal, params, query, body, req, res });
    if ('stream' in reply) return;
    sendJson(res, reply.status ?? 200, reply.body, reply.headers);
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof ApiError) return sendJson(res, error.status, errorBody(error));
      if (isSweepError(error)) return sendJson(res, statusOf(error.code, error.exitCode), errorBody(error));
      deps.log(`internal error on ${req.method} ${req.url}: ${(error as Error)?.stack ?? String(error)}`);
      sendJson(res, 500, errorBody({ code: 'internal', message: 'internal error (logged by the server)' }));
    });
  };
}

/**
 * Routes are plain objects in an explicit list (routes/index.ts): method, path, the least role
 * allowed, zod schemas for the query and body, and a handler. The same objects produce the
 * OpenAPI document, so what is documented is what is enforced.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { ApiRole, Principal } from './auth/roles.ts';
import type { ServerDeps } from './deps.ts';

export type Method = 'GET' | 'POST' | 'DELETE';

export interface RouteContext<Q, B> {
  deps: ServerDeps;
  /** Undefined only on public routes. */
  principal: Principal | undefined;
  params: Record<string, string>;
  query: Q;
  body: B;
  req: IncomingMessage;
  res: ServerResponse;
}

/** A JSON reply, or `stream` when the handler has taken over the response (SSE). */
export type Reply = { status?: number; body: unknown; headers?: Record<string, string | string[]> } | { stream: true };

export interface Route<Q = any, B = any> {
  method: Method;
  /** `/api/v1/remediations/:id/cancel`; `:name` segments become params. */
  path: string;
  /** The least role allowed; `public` needs no credentials. */
  role: ApiRole | 'public';
  tag: string;
  summary: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** One line describing the success body, for the OpenAPI file. */
  returns: string;
  /** The success status when it is not 200. */
  success?: 201 | 202;
  handle(ctx: RouteContext<Q, B>): Promise<Reply>;
}

export function defineRoute<Q = Record<string, never>, B = undefined>(route: Route<Q, B>): Route<Q, B> {
  return route;
}

export type Match = { route: Route; params: Record<string, string> } | { allowed: Method[] } | undefined;

export function matchRoute(routes: readonly Route[], method: string, pathname: string): Match {
  const segments = pathname.split('/').filter(Boolean);
  const allowed: Method[] = [];
  for (const route of routes) {
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < pattern.length && ok; i++) {
      if (pattern[i].startsWith(':')) {
        try {
          params[pattern[i].slice(1)] = decodeURIComponent(segments[i]);
        } catch {
          ok = false;
        }
      } else ok = pattern[i] === segments[i];
    }
    if (!ok) continue;
    if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { route, params };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { allowed } : undefined;
}

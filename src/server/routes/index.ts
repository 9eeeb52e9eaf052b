/** Every API route, in one explicit list (no discovery). Order matters only where paths overlap: literal before `:param`. */
import type { Route } from '../router.ts';
import { buildOpenApi } from '../openapi.ts';
import { adminRoutes } from './admin.ts';
import { auditRoutes } from './audit.ts';
import { backlogRoutes } from './backlog.ts';
import { metaRoutes, openApiRoute } from './meta.ts';
import { prRoutes } from './prs.ts';
import { remediationRoutes } from './remediations.ts';
import { resourceRoutes } from './resources.ts';
import { scanRoutes } from './scans.ts';
import { sessionRoutes } from './session.ts';
import { violationRoutes } from './violations.ts';

export function apiRoutes(): Route[] {
  const routes: Route[] = [
    ...metaRoutes,
    ...sessionRoutes,
    ...backlogRoutes,
    ...violationRoutes,
    ...resourceRoutes,
    ...scanRoutes,
    ...remediationRoutes,
    ...prRoutes,
    ...auditRoutes,
    ...adminRoutes,
  ] as Route[];
  let document: unknown;
  routes.push(openApiRoute(() => (document ??= buildOpenApi(routes))));
  return routes;
}

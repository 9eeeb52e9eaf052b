/**
 * The OpenAPI 3.1 document, built from the route list and its zod schemas (zod's own JSON Schema
 * output), so the document cannot drift from what the server enforces.
 */
import { z } from 'zod';
import { ROLES } from './auth/roles.ts';
import { CSRF_HEADER, SESSION_COOKIE } from './auth/sessions.ts';
import type { Route } from './router.ts';

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const errorResponse = (description: string) => ({
  description,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: { code: { type: 'string' }, message: { type: 'string' }, hint: { type: 'string' }, details: {} },
            required: ['code', 'message'],
          },
        },
      },
    },
  },
});

function parameters(route: Route): unknown[] {
  const path = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  if (!route.query) return path;
  const schema = jsonSchema(route.query) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  const query = Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) && property.default === undefined,
    schema: property,
    // Lists: repeat the key or separate values with commas.
    ...(property.type === 'array' ? { style: 'form', explode: true } : {}),
  }));
  return [...path, ...query];
}

export function buildOpenApi(routes: readonly Route[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const write = route.method !== 'GET';
    const responses: Record<string, unknown> = {
      [String(route.success ?? 200)]: {
        description: route.returns,
        content: { [route.path.endsWith('/events') ? 'text/event-stream' : 'application/json']: {} },
      },
      '400': errorResponse('invalid query, path or body (the message names the field)'),
    };
    if (route.role !== 'public') {
      responses['401'] = errorResponse('no valid token or session');
      responses['403'] = errorResponse(`the caller's role is below ${route.role}${write ? ', or (session) the CSRF header is missing' : ''}`);
    }
    (paths[path] ??= {})[route.method.toLowerCase()] = {
      tags: [route.tag],
      summary: route.summary,
      description: route.role === 'public' ? 'No credentials needed.' : `Needs the **${route.role}** role (roles, least first: ${ROLES.join(' < ')}).`,
      parameters: parameters(route),
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } } } : {}),
      ...(route.role === 'public' ? { security: [] } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'sweep API',
      version: '1',
      description:
        'The backlog, its compliance, scans, remediation runs and pull requests, as JSON. Authenticate with ' +
        '`Authorization: Bearer <token>` (`sweep tokens create --name <n> --role viewer|operator|admin`) or, in a browser, ' +
        `with the session cookie from POST /api/v1/session plus the \`${CSRF_HEADER}\` header on writes. Lists are cursor ` +
        'pages: pass `nextCursor` back as `cursor`. Bulk writes take `filter` (the CLI filters) or `ids` and report how many rows changed. ' +
        'Every write is in the audit log under the token name.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { session: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'an API token' },
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: `dashboard session; writes also need the ${CSRF_HEADER} header` },
      },
    },
    paths,
  };
}

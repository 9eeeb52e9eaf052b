/** HTTP plumbing for the API: errors as values with stable codes, JSON bodies, query strings. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';

/** An expected failure of a request: the status, a stable kebab code, and what to do about it. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly hint?: string;
  readonly details?: unknown;

  constructor(status: number, code: string, message: string, options: { hint?: string; details?: unknown } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }
}

export function errorBody(error: { code: string; message: string; hint?: string; details?: unknown }) {
  return { error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}), ...(error.details ? { details: error.details } : {}) } };
}

/** Headers every response carries: the dashboard runs only its own scripts, in no frame. */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export const MAX_BODY_BYTES = 1 << 20;

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  // Requiring JSON also keeps cross-site HTML forms out: they cannot send application/json.
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError(415, 'unsupported-media-type', 'the request body must be JSON', { hint: 'send Content-Type: application/json' });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'body-too-large', `the request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid-json', 'the request body is not valid JSON');
  }
}

function typeOf(schema: z.ZodType): { type: string; element?: string } {
  let def = (schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; element?: z.ZodType } } })._zod.def;
  while (def.innerType) def = (def.innerType as unknown as { _zod: { def: typeof def } })._zod.def;
  if (def.type === 'array' && def.element) return { type: 'array', element: typeOf(def.element).type };
  return { type: def.type };
}

/**
 * Query string → object shaped for `schema` (a z.object): array fields take repeated keys and
 * comma-separated values (`?severity=high,critical` = `?severity=high&severity=critical`), number
 * fields are converted, other fields take the last value. The schema then validates as usual, so
 * one zod object both checks the query and documents it in the OpenAPI file.
 */
export function queryObject(params: URLSearchParams, schema: z.ZodObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const shape = schema.shape as Record<string, z.ZodType>;
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    const field = shape[key];
    if (!field) {
      out[key] = values.at(-1);
      continue;
    }
    const kind = typeOf(field);
    const num = (v: string) => (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v);
    if (kind.type === 'array') {
      const items = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
      out[key] = kind.element === 'number' ? items.map(num) : items;
    } else if (kind.type === 'number') out[key] = num(values.at(-1) ?? '');
    else if (kind.type === 'boolean') out[key] = values.at(-1) === 'true' ? true : values.at(-1) === 'false' ? false : values.at(-1);
    else out[key] = values.at(-1);
  }
  return out;
}

/** A zod failure as a 400 naming the field. */
export function invalid(where: 'query' | 'body' | 'path', error: z.ZodError): ApiError {
  const issue = error.issues[0];
  const path = [where, ...issue.path.map(String)].join('.');
  return new ApiError(400, 'invalid-request', `${path}: ${issue.message}`, {
    details: error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message })),
  });
}

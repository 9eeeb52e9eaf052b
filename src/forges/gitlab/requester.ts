/**
 * The HTTP requester handed to @gitbeaker/rest. gitbeaker's own requester retries a 429 ten times
 * within about a quarter of a second and then throws without the response, so the `Retry-After` /
 * `RateLimit-Reset` headers GitLab sends are lost. This one speaks the same requester interface
 * (body, headers, status; snake_case bodies and queries) and honours those headers: a short wait is
 * served in-process, a long one surfaces as `RateLimitedError` so the PR is scheduled instead.
 */
import type { Gitlab } from '@gitbeaker/rest';
import { defaultSleep, RateLimitedError } from '../rate-limit.ts';

type RequesterFn = NonNullable<ConstructorParameters<typeof Gitlab>[0]['requesterFn']>;
type ResourceOptions = Parameters<RequesterFn>[0];

export interface GitlabRequesterOptions {
  /** Longest wait served in-process. @defaultValue 10_000 */
  maxWaitMs?: number;
  /** @defaultValue 3 */
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** An HTTP error answer from GitLab, with its status and GitLab's own message. */
export class GitlabHttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'GitlabHttpError';
    this.status = status;
  }
}

function snake(key: string): string {
  return key.replace(/([a-z\d])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Deep camelCase → snake_case of keys (what gitbeaker's xcase does), values untouched. */
export function decamelize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decamelize);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), decamelize(v)]));
  }
  return value;
}

/** Rails-style query string (`labels[]=a`, `not[labels]=b`), as gitbeaker's qs call builds it. */
export function formatQuery(params: Record<string, unknown> = {}): string {
  const search = new URLSearchParams();
  const add = (key: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) for (const item of value) add(`${key}[]`, item);
    else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) add(`${key}[${snake(k)}]`, v);
    else search.append(key, String(value));
  };
  for (const [key, value] of Object.entries(params)) add(snake(key), value);
  return search.toString();
}

/** How long GitLab asks us to wait, or undefined when the answer is not a rate limit. */
export function gitlabRateLimitWaitMs(status: number, headers: Headers, now: number): number | undefined {
  if (status !== 429) return undefined;
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && Number.isFinite(Number(retryAfter))) return Number(retryAfter) * 1000;
  const reset = headers.get('ratelimit-reset');
  if (reset !== null && Number.isFinite(Number(reset))) return Math.max(1000, Number(reset) * 1000 - now);
  return 60_000;
}

async function parseBody(response: Response): Promise<unknown> {
  if (response.status === 204) return null;
  const type = (response.headers.get('content-type') ?? '').split(';')[0].trim();
  if (type === 'application/json') return (await response.json()) ?? {};
  if (type.startsWith('text/')) return response.text();
  return response.blob();
}

async function errorMessage(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const data = JSON.parse(text) as { message?: unknown; error?: unknown };
    const message = data.message ?? data.error ?? text;
    return typeof message === 'string' ? message : JSON.stringify(message);
  } catch {
    return text || response.statusText;
  }
}

export function createGitlabRequester(options: GitlabRequesterOptions = {}): RequesterFn {
  const maxWait = options.maxWaitMs ?? 10_000;
  const maxRetries = options.maxRetries ?? 3;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  return (resource: ResourceOptions) => {
    async function send(method: string, endpoint: string, request: { body?: unknown; searchParams?: Record<string, unknown>; sudo?: string | number; signal?: AbortSignal } = {}) {
      const url = new URL(endpoint, resource.url.endsWith('/') ? resource.url : `${resource.url}/`);
      url.search = formatQuery(request.searchParams);
      const headers: Record<string, string> = { ...resource.headers };
      for (const [name, token] of Object.entries(resource.authHeaders)) headers[name] = await token();
      if (request.sudo !== undefined) headers.sudo = String(request.sudo);
      let body: string | FormData | undefined;
      if (request.body instanceof FormData) body = request.body;
      else if (request.body && Object.keys(request.body).length > 0) {
        body = JSON.stringify(decamelize(request.body));
        headers['content-type'] = 'application/json';
      }
      for (let attempt = 0; ; attempt++) {
        const response = await fetch(url, { method, headers, body, signal: request.signal });
        if (response.ok) {
          return { body: (await parseBody(response)) as never, headers: Object.fromEntries(response.headers.entries()), status: response.status };
        }
        // One clock reading for both, so a reset time comes back exactly as GitLab sent it.
        const answeredAt = now();
        const wait = gitlabRateLimitWaitMs(response.status, response.headers, answeredAt);
        if (wait === undefined) throw new GitlabHttpError(response.status, await errorMessage(response));
        await response.body?.cancel();
        if (wait > maxWait || attempt >= maxRetries) throw new RateLimitedError(new Date(answeredAt + wait), `GitLab rate limit on ${method} ${url.pathname}`);
        await sleep(wait);
      }
    }
    return {
      get: (endpoint, request) => send('GET', endpoint, request),
      post: (endpoint, request) => send('POST', endpoint, request),
      put: (endpoint, request) => send('PUT', endpoint, request),
      patch: (endpoint, request) => send('PATCH', endpoint, request),
      delete: (endpoint, request) => send('DELETE', endpoint, request),
    };
  };
}

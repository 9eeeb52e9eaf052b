/**
 * The Octokit client sweep uses, with GitHub's rate limits handled in one place: a 403 or 429
 * that is a rate limit (primary: `x-ratelimit-remaining: 0` + `x-ratelimit-reset`; secondary:
 * `retry-after`, or a minute when GitHub gives no header) is retried after the wait the headers
 * name when that wait is short, and otherwise surfaces as `rate-limited` with `retryAt`, so the
 * PR is scheduled for then instead of a worker sleeping through it.
 */
import { Octokit } from '@octokit/rest';
import { defaultSleep, RateLimitedError } from '../rate-limit.ts';
import { forgeFailure, type ForgeResult } from '../types.ts';

export interface GithubClientOptions {
  token?: string;
  /** API root: `https://api.github.com`, GitHub Enterprise's `https://<host>/api/v3`, or a test server. */
  baseUrl?: string;
  /** Longest wait served in-process; longer ones become `rate-limited`. @defaultValue 10_000 */
  maxWaitMs?: number;
  /** In-process retries of one request after a rate limit. @defaultValue 3 */
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}


interface HttpError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

/** How long GitHub asks us to wait, or undefined when the error is not a rate limit. */
export function rateLimitWaitMs(error: unknown, now: number): number | undefined {
  const { status, response, message } = error as HttpError;
  if (status !== 403 && status !== 429) return undefined;
  const headers = response?.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter >= 0 && headers['retry-after'] !== undefined) return retryAfter * 1000;
  if (String(headers['x-ratelimit-remaining']) === '0' && headers['x-ratelimit-reset'] !== undefined) {
    return Math.max(1000, Number(headers['x-ratelimit-reset']) * 1000 - now);
  }
  // GitHub's docs: without headers, wait at least one minute before retrying a secondary limit.
  if (status === 429 || /rate limit/i.test(message ?? '')) return 60_000;
  return undefined;
}

export function createGithubClient(options: GithubClientOptions): Octokit {
  const octokit = new Octokit({ auth: options.token, baseUrl: options.baseUrl, userAgent: 'sweep', log: { debug() {}, info() {}, warn() {}, error() {} } });
  const maxWait = options.maxWaitMs ?? 10_000;
  const maxRetries = options.maxRetries ?? 3;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(requestOptions);
      } catch (error) {
        // One clock reading for both, so a reset time comes back exactly as GitHub sent it.
        const answeredAt = now();
        const wait = rateLimitWaitMs(error, answeredAt);
        if (wait === undefined) throw error;
        if (wait > maxWait || attempt >= maxRetries) {
          throw new RateLimitedError(new Date(answeredAt + wait), `GitHub rate limit on ${requestOptions.method} ${requestOptions.url}`);
        }
        await sleep(wait);
      }
    }
  });
  return octokit;
}

/** Runs one forge operation; expected HTTP failures become typed results, faults stay exceptions. */
export async function call<T extends object>(what: string, fn: () => Promise<T>): Promise<ForgeResult<T>> {
  try {
    return { ok: true, ...(await fn()) };
  } catch (error) {
    if (error instanceof RateLimitedError) {
      return forgeFailure('rate-limited', `${what}: ${error.message}`, `sweep retries after ${error.retryAt.toISOString()}`, error.retryAt);
    }
    const { status, response } = error as HttpError;
    const detail = describe(response?.data) ?? (error as Error).message;
    if (status === 401) return forgeFailure('unauthorized', `${what}: GitHub rejected the token (${detail})`, 'set GITHUB_TOKEN to a token with repo access');
    if (status === 403) return forgeFailure('unauthorized', `${what}: forbidden (${detail})`, 'the token needs contents:write and pull_requests:write on the repository');
    if (status === 404) return forgeFailure('not-found', `${what}: not found (${detail})`, 'check repos.<name>.remote (owner/name) and that the token can see the repository');
    if (status === 405 || status === 409 || status === 422) return forgeFailure('rejected', `${what}: GitHub refused (${detail})`, 'see the message; sweep leaves the PR as it is');
    throw error;
  }
}

function describe(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const { message, errors } = data as { message?: string; errors?: { message?: string; code?: string; field?: string }[] };
  const extra = (errors ?? []).map((e) => e.message ?? [e.field, e.code].filter(Boolean).join(' ')).filter(Boolean);
  return [message, ...extra].filter(Boolean).join('; ') || undefined;
}

/** `owner/name` → its parts; the `remote` setting wins over sweep's own name for the repo. */
export function ownerRepo(remote: string): { owner: string; repo: string } | undefined {
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(remote);
  return match ? { owner: match[1], repo: match[2] } : undefined;
}

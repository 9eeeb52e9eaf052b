/**
 * The gitbeaker client sweep uses, and the mapping of GitLab's answers to forge results. Bodies
 * stay snake_case (no `camelize`): the shapes are GitLab's own, as its API documentation shows.
 */
import { Gitlab } from '@gitbeaker/rest';
import { RateLimitedError } from '../rate-limit.ts';
import { forgeFailure, type ForgeResult } from '../types.ts';
import { createGitlabRequester, GitlabHttpError, type GitlabRequesterOptions } from './requester.ts';

export interface GitlabClientOptions extends GitlabRequesterOptions {
  token?: string;
  /** Instance root, e.g. `https://gitlab.com` or a test server. @defaultValue https://gitlab.com */
  host?: string;
}

export type GitlabClient = InstanceType<typeof Gitlab<false>>;

export function createGitlabClient(options: GitlabClientOptions): GitlabClient {
  return new Gitlab({ host: options.host ?? 'https://gitlab.com', token: options.token ?? '', requesterFn: createGitlabRequester(options) });
}

export function isNotFound(error: unknown): boolean {
  return error instanceof GitlabHttpError && error.status === 404;
}

export async function call<T extends object>(what: string, fn: () => Promise<T>): Promise<ForgeResult<T>> {
  try {
    return { ok: true, ...(await fn()) };
  } catch (error) {
    if (error instanceof RateLimitedError) {
      return forgeFailure('rate-limited', `${what}: ${error.message}`, `sweep retries after ${error.retryAt.toISOString()}`, error.retryAt);
    }
    if (!(error instanceof GitlabHttpError)) throw error;
    const detail = error.message;
    if (error.status === 401) return forgeFailure('unauthorized', `${what}: GitLab rejected the token (${detail})`, 'set the token named by forges.gitlab.tokenEnv (default GITLAB_TOKEN), scope api');
    if (error.status === 403) return forgeFailure('unauthorized', `${what}: forbidden (${detail})`, 'the token needs Developer access to the project');
    if (error.status === 404) return forgeFailure('not-found', `${what}: not found (${detail})`, 'check repos.<name>.remote (the project path) and that the token can see it');
    if ([400, 405, 406, 409, 422].includes(error.status)) return forgeFailure('rejected', `${what}: GitLab refused (${detail})`, 'see the message; sweep leaves the merge request as it is');
    throw error;
  }
}

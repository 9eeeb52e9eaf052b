/**
 * The github forge (Octokit REST) against a local server answering in GitHub's wire format
 * (github-server.ts), including primary and secondary rate limits with GitHub's own headers.
 */
import { describe, expect, it } from 'vitest';
import { createGithubForge } from '../../src/forges/github/index.ts';
import { rateLimitWaitMs } from '../../src/forges/github/client.ts';
import { forgeContract, INITIAL_FILES, type ForgeHarness } from './contract.ts';
import { startFakeGithub } from './github-server.ts';

async function setup(): Promise<ForgeHarness> {
  const server = await startFakeGithub({ owner: 'acme', repo: 'infra', files: INITIAL_FILES });
  const slept: number[] = [];
  const forge = createGithubForge({ baseUrl: server.url, token: 'test-token', maxWaitMs: 10_000, sleep: async (ms) => void slept.push(ms) });
  return {
    forge,
    repo: { forge: 'github', name: 'acme/infra', checkout: '/nonexistent', remote: 'acme/infra' },
    baseBranch: 'main',
    fileAt: async (ref, path) => server.git.fileAt(ref, path),
    async pushAsPerson(branch, person) {
      const head = server.git.refs.get(`heads/${branch}`)!;
      server.git.refs.set(`heads/${branch}`, server.git.change(head, { 'by-hand.txt': 'a person was here\n' }, 'hand edit', person).sha);
    },
    async advanceBase() {
      const moved = server.git.change(server.git.refs.get('heads/main'), { 'advanced.txt': 'moved\n' }, 'someone else merged something');
      server.git.refs.set('heads/main', moved.sha);
      return moved.sha;
    },
    async failChecks(sha) {
      server.checks.set(sha, [{ name: 'preview', status: 'completed', conclusion: 'failure' }, { name: 'lint', status: 'completed', conclusion: 'success' }]);
      return true;
    },
    rateLimitNext(seconds) {
      // Secondary limit: 403 with retry-after, as GitHub documents it.
      server.rateLimits.push({ status: 403, headers: { 'retry-after': String(seconds) }, message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' });
      return true;
    },
    slept: () => slept,
    close: () => server.close(),
  };
}

forgeContract('github', setup);

describe('github rate-limit headers', () => {
  const now = Date.parse('2026-01-05T09:00:00Z');
  it('reads a primary limit from x-ratelimit-remaining/x-ratelimit-reset', () => {
    const reset = now / 1000 + 120;
    const error = { status: 403, message: 'API rate limit exceeded for user ID 1.', response: { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) } } };
    expect(rateLimitWaitMs(error, now)).toBe(120_000);
  });
  it('reads retry-after on a 429, and waits a minute when GitHub names no time', () => {
    expect(rateLimitWaitMs({ status: 429, response: { headers: { 'retry-after': '30' } } }, now)).toBe(30_000);
    expect(rateLimitWaitMs({ status: 403, message: 'You have exceeded a secondary rate limit', response: { headers: {} } }, now)).toBe(60_000);
  });
  it('leaves a permission 403 alone', () => {
    expect(rateLimitWaitMs({ status: 403, message: 'Resource not accessible by integration', response: { headers: { 'x-ratelimit-remaining': '4999' } } }, now)).toBeUndefined();
  });

  it('schedules on a primary limit until the reset the headers name', async () => {
    const server = await startFakeGithub({ files: INITIAL_FILES });
    try {
      const reset = Math.floor(Date.now() / 1000) + 1_800;
      server.rateLimits.push({ status: 403, headers: { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset), 'x-ratelimit-resource': 'core' }, message: 'API rate limit exceeded for user ID 1.' });
      const forge = createGithubForge({ baseUrl: server.url, token: 't', sleep: async () => {} });
      const result = await forge.base({ forge: 'github', name: 'acme/infra', checkout: '/x' });
      expect(result).toMatchObject({ ok: false, code: 'rate-limited' });
      expect((result as { retryAt: Date }).retryAt.getTime()).toBe(reset * 1000);
    } finally {
      await server.close();
    }
  });

  it('names the repo setting when the remote is not owner/name', async () => {
    const forge = createGithubForge({ baseUrl: 'http://127.0.0.1:9', token: 't' });
    expect(await forge.base({ forge: 'github', name: '/some/path', checkout: '/some/path' })).toMatchObject({ ok: false, code: 'not-found', hint: expect.stringContaining('repos./some/path.remote') });
  });
});

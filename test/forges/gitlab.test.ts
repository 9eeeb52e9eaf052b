/**
 * The gitlab forge (@gitbeaker/rest merge requests) against a local server answering in GitLab's
 * JSON shapes (gitlab-server.ts), including 429s with Retry-After and RateLimit-Reset.
 */
import { describe, expect, it } from 'vitest';
import { createGitlabForge } from '../../src/forges/gitlab/index.ts';
import { decamelize, formatQuery } from '../../src/forges/gitlab/requester.ts';
import { forgeContract, INITIAL_FILES, type ForgeHarness } from './contract.ts';
import { startFakeGitlab } from './gitlab-server.ts';

async function setup(): Promise<ForgeHarness> {
  const server = await startFakeGitlab({ project: 'acme/platform/infra', files: INITIAL_FILES });
  const slept: number[] = [];
  const forge = createGitlabForge({ host: server.url, token: 'test-token', maxWaitMs: 10_000, sleep: async (ms) => void slept.push(ms) });
  return {
    forge,
    repo: { forge: 'gitlab', name: 'acme/infra', checkout: '/nonexistent', remote: 'acme/platform/infra' },
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
      server.pipelines.set(sha, 'failed');
      return true;
    },
    rateLimitNext(seconds) {
      server.rateLimits.push({ headers: { 'retry-after': String(seconds), 'ratelimit-limit': '600', 'ratelimit-remaining': '0', 'ratelimit-reset': String(Math.floor(Date.now() / 1000) + seconds) } });
      return true;
    },
    slept: () => slept,
    close: () => server.close(),
  };
}

forgeContract('gitlab', setup);

describe('gitlab requester', () => {
  it('sends snake_case bodies and Rails-style queries, as gitbeaker does', () => {
    expect(decamelize({ sourceBranch: 'a', actions: [{ filePath: 'x', executeFilemode: true }] })).toEqual({ source_branch: 'a', actions: [{ file_path: 'x', execute_filemode: true }] });
    expect(formatQuery({ sourceBranch: 'sweep/a', state: 'opened', iids: [1, 2], not: { authorId: 3 } })).toBe('source_branch=sweep%2Fa&state=opened&iids%5B%5D=1&iids%5B%5D=2&not%5Bauthor_id%5D=3');
  });

  it('reads RateLimit-Reset when GitLab sends no Retry-After', async () => {
    const server = await startFakeGitlab({ files: INITIAL_FILES });
    try {
      const reset = Math.floor(Date.now() / 1000) + 900;
      server.rateLimits.push({ headers: { 'ratelimit-remaining': '0', 'ratelimit-reset': String(reset) } });
      const forge = createGitlabForge({ host: server.url, token: 'test-token', sleep: async () => {} });
      const result = await forge.base({ forge: 'gitlab', name: 'acme/infra', checkout: '/x' });
      expect(result).toMatchObject({ ok: false, code: 'rate-limited' });
      expect((result as { retryAt: Date }).retryAt.getTime()).toBe(reset * 1000);
    } finally {
      await server.close();
    }
  });

  it('names the token when GitLab answers 401', async () => {
    const server = await startFakeGitlab({ files: INITIAL_FILES });
    try {
      const forge = createGitlabForge({ host: server.url, token: 'wrong' });
      expect(await forge.base({ forge: 'gitlab', name: 'acme/infra', checkout: '/x' })).toMatchObject({ ok: false, code: 'unauthorized', hint: expect.stringContaining('GITLAB_TOKEN') });
    } finally {
      await server.close();
    }
  });
});

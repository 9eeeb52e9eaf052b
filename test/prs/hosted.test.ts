/**
 * The same publish → sync path on the hosted forges, each against its local wire-format server:
 * commits built from the stored patches in the checkout go up as file contents (git data API on
 * GitHub, commit actions on GitLab), the PR opens with labels and the body, and a merge done on
 * the forge by a person moves the violations to fix_merged at the next sync.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configFileSchema } from '../../src/config/file.ts';
import { publishBatch } from '../../src/prs/publish.ts';
import { buildPrServices } from '../../src/prs/services.ts';
import { syncPullRequests } from '../../src/prs/sync.ts';
import { startFakeGithub } from '../forges/github-server.ts';
import { startFakeGitlab } from '../forges/gitlab-server.ts';
import { PROGRAM, prWorld, STORAGE_FIXED, type PrWorld } from './fixture.ts';

let w: PrWorld;
beforeEach(async () => {
  w = await prWorld('pglite');
});
afterEach(async () => {
  await w.close();
});

function servicesFor(forge: 'github' | 'gitlab', url: string, remote: string) {
  const file = configFileSchema.parse({
    repos: { 'acme/acme-infra': { path: w.repoDir, forge, remote } },
    forges: { [forge]: { url, tokenEnv: 'FORGE_TOKEN' } },
    prs: { labels: ['sweep', 'compliance'] },
  });
  return buildPrServices({ store: w.store, file, env: { FORGE_TOKEN: 'test-token' }, cwd: '/', actor: 'test:hosted', now: () => w.clock.now });
}

describe('publishing to hosted forges', () => {
  it('github: git data API commits, PR with labels, merged on GitHub → fix_merged', async () => {
    const server = await startFakeGithub({ owner: 'acme', repo: 'acme-infra' });
    try {
      const head = await w.head();
      server.git.refs.set('heads/main', server.git.mirror(head, PROGRAM).sha);
      const fix = await w.addFix({ policyId: 'aws-s3-bucket-versioning', approval: 'auto', resources: [{ name: 'logs', type: 'aws:s3/bucket:Bucket', path: 'infra/storage.ts', line: 3 }], files: { 'infra/storage.ts': STORAGE_FIXED } });
      const services = servicesFor('github', server.url, 'acme/acme-infra');
      const outcome = await publishBatch(services, { batchKey: fix.batchKey, runId: fix.runId });
      expect(outcome).toMatchObject({ action: 'opened', number: 1, url: 'https://github.com/acme/acme-infra/pull/1', draft: false });
      expect(server.git.fileAt('sweep/aws-s3-bucket-versioning/dev', 'infra/storage.ts')).toBe(STORAGE_FIXED);
      const pull = server.pulls.get(1)!;
      expect(pull).toMatchObject({ base: 'main', draft: false, labels: ['sweep', 'compliance'] });
      expect(pull.body).toContain('### Violations fixed');
      expect(server.requests).toContain('POST /repos/acme/acme-infra/git/trees');

      // Unchanged: no write at all the second time.
      const before = server.requests.length;
      expect(await publishBatch(services, { batchKey: fix.batchKey })).toMatchObject({ action: 'unchanged' });
      expect(server.requests.slice(before).filter((r) => !r.startsWith('GET'))).toEqual([]);

      server.git.merge('main', server.git.refs.get('heads/sweep/aws-s3-bucket-versioning/dev')!, 'Merge pull request #1');
      Object.assign(pull, { state: 'closed', merged: true, mergedAt: '2026-03-02T12:00:00Z', closedAt: '2026-03-02T12:00:00Z' });
      const sync = await syncPullRequests(services);
      expect(sync).toMatchObject({ merged: [(outcome as { prId: number }).prId], violations: { fix_merged: 1 } });
    } finally {
      await server.close();
    }
  });

  it('gitlab: commit actions from the base, a Draft: merge request in manual mode, closed on GitLab → open', async () => {
    const server = await startFakeGitlab({ project: 'acme/acme-infra' });
    try {
      const head = await w.head();
      server.git.refs.set('heads/main', server.git.mirror(head, PROGRAM).sha);
      const fix = await w.addFix({ policyId: 'aws-s3-bucket-versioning', approval: 'manual', resources: [{ name: 'logs', type: 'aws:s3/bucket:Bucket', path: 'infra/storage.ts', line: 3 }], files: { 'infra/storage.ts': STORAGE_FIXED } });
      const services = servicesFor('gitlab', server.url, 'acme/acme-infra');
      const outcome = await publishBatch(services, { batchKey: fix.batchKey, runId: fix.runId });
      expect(outcome).toMatchObject({ action: 'opened', number: 1, draft: true });
      const mr = server.mrs.get(1)!;
      expect(mr.title).toMatch(/^Draft: \[sweep\] /);
      expect(mr.labels).toEqual(['sweep', 'compliance']);
      expect(server.git.fileAt('sweep/aws-s3-bucket-versioning/dev', 'infra/storage.ts')).toBe(STORAGE_FIXED);

      Object.assign(mr, { state: 'closed', closedAt: '2026-03-02T12:00:00Z' });
      const sync = await syncPullRequests(services);
      expect(sync).toMatchObject({ closed: [(outcome as { prId: number }).prId], violations: { open: 1 } });
    } finally {
      await server.close();
    }
  });
});

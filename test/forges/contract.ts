/**
 * The forge contract suite: every forge (local against real git; github and gitlab against local
 * servers speaking their wire formats) runs exactly these cases through the `Forge` interface.
 * A harness gives the suite the forge, its repo, and a few forge-side moves a person would make.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommitSpec, Forge, GitIdentity, RepoRef } from '../../src/forges/types.ts';

export interface ForgeHarness {
  forge: Forge;
  repo: RepoRef;
  baseBranch: string;
  /** File contents on a branch (or at a sha) as the forge stores them. */
  fileAt(ref: string, path: string): Promise<string | undefined>;
  /** A person commits to the branch on the forge. */
  pushAsPerson(branch: string, person: GitIdentity): Promise<void>;
  /** Someone merges something else into the base; returns the new base sha. */
  advanceBase(): Promise<string>;
  /** CI fails on this commit (forges without CI return false). */
  failChecks(sha: string): Promise<boolean>;
  /** The next request is rate-limited for `seconds` (forges with rate limits return false). */
  rateLimitNext(seconds: number): boolean;
  /** How long the forge client slept on rate limits (ms), for forges that sleep. */
  slept(): number[];
  close(): Promise<void>;
}

/** What every harness's repository holds on its base branch at the start. */
export const INITIAL_FILES = { 'index.ts': 'export const a = 1;\n', 'README.md': '# infra\n' };

const SWEEP: GitIdentity = { name: 'sweep', email: 'sweep@sweep.invalid' };

function commit(message: string, files: Record<string, string | null>, existing: string[] = []): CommitSpec {
  return {
    message,
    changes: Object.entries(files).map(([path, content]) => ({
      path,
      status: content === null ? 'deleted' : existing.includes(path) ? 'modified' : 'added',
      mode: '100644',
      content: content === null ? null : Buffer.from(content),
    })),
  };
}

function ok<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`forge failure: ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}

export function forgeContract(name: string, setup: () => Promise<ForgeHarness>): void {
  describe(`forge contract: ${name}`, () => {
    let h: ForgeHarness;
    let base: { branch: string; sha: string };
    beforeAll(async () => {
      h = await setup();
    });
    afterAll(async () => {
      await h?.close();
    });

    it('reports the base branch and its head', async () => {
      base = ok(await h.forge.base(h.repo));
      expect(base.branch).toBe(h.baseBranch);
      expect(base.sha).toMatch(/^[0-9a-f]{40}$/);
    });

    it('writes a branch with one commit per spec on top of the base, authored by sweep', async () => {
      const written = ok(await h.forge.writeBranch(h.repo, {
        branch: 'sweep/policy-a/dev',
        baseSha: base.sha,
        author: SWEEP,
        expectedHead: null,
        commits: [commit('fix 1', { 'index.ts': 'export const a = 2;\n' }, ['index.ts']), commit('fix 2', { 'extra.ts': 'export const b = 1;\n' })],
      }));
      const read = ok(await h.forge.readBranch(h.repo, 'sweep/policy-a/dev', base.sha));
      expect(read.branch?.head).toBe(written.head);
      expect(read.branch?.commits.map((c) => c.message)).toEqual(['fix 1', 'fix 2']);
      expect(read.branch?.commits.every((c) => c.authorEmail === SWEEP.email)).toBe(true);
      expect(await h.fileAt('sweep/policy-a/dev', 'index.ts')).toBe('export const a = 2;\n');
      expect(await h.fileAt('sweep/policy-a/dev', 'extra.ts')).toBe('export const b = 1;\n');
      expect(await h.fileAt(h.baseBranch, 'index.ts')).toBe('export const a = 1;\n');
    });

    it('rebuilds a branch from the base (replacing its commits) and refuses when it moved under it', async () => {
      const before = ok(await h.forge.readBranch(h.repo, 'sweep/policy-a/dev', base.sha)).branch!;
      const moved = await h.forge.writeBranch(h.repo, { branch: 'sweep/policy-a/dev', baseSha: base.sha, author: SWEEP, expectedHead: base.sha, commits: [commit('x', { 'x.ts': 'x' })] });
      expect(moved).toMatchObject({ ok: false, code: 'branch-moved' });
      ok(await h.forge.writeBranch(h.repo, {
        branch: 'sweep/policy-a/dev',
        baseSha: base.sha,
        author: SWEEP,
        expectedHead: before.head,
        commits: [commit('fix 1 again', { 'index.ts': 'export const a = 3;\n', 'README.md': null }, ['index.ts'])],
      }));
      const after = ok(await h.forge.readBranch(h.repo, 'sweep/policy-a/dev', base.sha)).branch!;
      expect(after.commits.map((c) => c.message)).toEqual(['fix 1 again']);
      expect(await h.fileAt('sweep/policy-a/dev', 'extra.ts')).toBeUndefined();
      expect(await h.fileAt('sweep/policy-a/dev', 'index.ts')).toBe('export const a = 3;\n');
      expect(await h.fileAt('sweep/policy-a/dev', 'README.md')).toBeUndefined();
      expect(await h.fileAt(h.baseBranch, 'README.md')).toBe('# infra\n');
    });

    it('says a branch that does not exist does not', async () => {
      expect(ok(await h.forge.readBranch(h.repo, 'sweep/nothing/here', base.sha)).branch).toBeNull();
    });

    let number: number;
    it('opens a draft PR with labels, finds it by branch, reads it back', async () => {
      expect(ok(await h.forge.findOpenPr(h.repo, 'sweep/policy-a/dev')).pr).toBeNull();
      const opened = ok(await h.forge.openPr(h.repo, { branch: 'sweep/policy-a/dev', base: base.branch, title: 'Fix policy a', body: 'body 1', draft: true, labels: ['sweep'] }));
      number = opened.number;
      expect(opened.url).toBeTruthy();
      expect(ok(await h.forge.findOpenPr(h.repo, 'sweep/policy-a/dev')).pr?.number).toBe(number);
      const status = ok(await h.forge.readPr(h.repo, number));
      expect(status).toMatchObject({ state: 'open', draft: true, title: 'Fix policy a', body: 'body 1', labels: ['sweep'] });
      expect(status.headSha).toMatch(/^[0-9a-f]{40}$/);
    });

    it('updates title, body and labels; marks a draft ready', async () => {
      ok(await h.forge.updatePr(h.repo, number, { title: 'Fix policy a (2)', body: 'body 2', labels: ['sweep', 'compliance'] }));
      let status = ok(await h.forge.readPr(h.repo, number));
      expect(status).toMatchObject({ title: 'Fix policy a (2)', body: 'body 2', draft: true });
      expect([...status.labels].sort()).toEqual(['compliance', 'sweep']);
      ok(await h.forge.markReady(h.repo, number));
      status = ok(await h.forge.readPr(h.repo, number));
      expect(status.draft).toBe(false);
    });

    it('reports failing checks on the head commit (or none where there is no CI)', async () => {
      const status = ok(await h.forge.readPr(h.repo, number));
      if (await h.failChecks(status.headSha)) {
        const failing = ok(await h.forge.readPr(h.repo, number));
        expect(failing.checks.state).toBe('failure');
        expect(failing.checks.runs.some((r) => r.conclusion === 'failure')).toBe(true);
      } else {
        expect(status.checks).toEqual({ state: 'none', runs: [] });
      }
    });

    it('shows a commit a person pushed to the branch', async () => {
      await h.pushAsPerson('sweep/policy-a/dev', { name: 'Dana Reviewer', email: 'dana@acme.example' });
      const read = ok(await h.forge.readBranch(h.repo, 'sweep/policy-a/dev', base.sha)).branch!;
      expect(read.commits.some((c) => c.authorEmail === 'dana@acme.example')).toBe(true);
    });

    it('closes a PR with a reason', async () => {
      ok(await h.forge.writeBranch(h.repo, { branch: 'sweep/policy-b/dev', baseSha: base.sha, author: SWEEP, commits: [commit('b', { 'b.ts': 'b' })] }));
      const opened = ok(await h.forge.openPr(h.repo, { branch: 'sweep/policy-b/dev', base: base.branch, title: 'b', body: 'b', draft: false, labels: [] }));
      ok(await h.forge.closePr(h.repo, opened.number, 'not wanted'));
      expect(ok(await h.forge.readPr(h.repo, opened.number)).state).toBe('closed');
      expect(ok(await h.forge.findOpenPr(h.repo, 'sweep/policy-b/dev')).pr).toBeNull();
    });

    it('merges a PR into the base', async () => {
      const newBase = await h.advanceBase();
      ok(await h.forge.writeBranch(h.repo, { branch: 'sweep/policy-c/dev', baseSha: newBase, author: SWEEP, commits: [commit('c', { 'index.ts': 'export const a = 4;\n' }, ['index.ts'])] }));
      const opened = ok(await h.forge.openPr(h.repo, { branch: 'sweep/policy-c/dev', base: base.branch, title: 'c', body: 'c', draft: false, labels: [] }));
      expect(h.forge.mergePr).toBeDefined();
      ok(await h.forge.mergePr!(h.repo, opened.number, { name: 'Reviewer', email: 'reviewer@acme.example' }));
      const status = ok(await h.forge.readPr(h.repo, opened.number));
      expect(status.state).toBe('merged');
      expect(await h.fileAt(h.baseBranch, 'index.ts')).toBe('export const a = 4;\n');
      expect(await h.fileAt(h.baseBranch, 'advanced.txt')).toBe('moved\n');
    });

    it('answers an unknown PR with not-found', async () => {
      expect(await h.forge.readPr(h.repo, 9_999)).toMatchObject({ ok: false, code: 'not-found' });
    });

    it('waits out a short rate limit and reports a long one as rate-limited with the time to retry', async () => {
      if (!h.rateLimitNext(2)) return;
      const started = Date.now();
      ok(await h.forge.readPr(h.repo, number));
      expect(h.slept()).toContain(2_000);
      h.rateLimitNext(3_600);
      const limited = await h.forge.readPr(h.repo, number);
      expect(limited).toMatchObject({ ok: false, code: 'rate-limited' });
      const retryAt = (limited as { retryAt: Date }).retryAt.getTime();
      expect(retryAt).toBeGreaterThanOrEqual(started + 3_599_000);
      expect(retryAt).toBeLessThan(Date.now() + 3_601_000);
    });
  });
}

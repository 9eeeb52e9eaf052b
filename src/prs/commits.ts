/**
 * From stored patches to commits: each verified fix's patch is applied with `git apply --cached`
 * onto a throwaway index that starts at the current base, in the local checkout, one commit per fix
 * group. No working tree is touched and nothing is rebased: a patch that does not apply exactly is
 * reported, never forced. For hosted forges the resulting files are read back (the forge API wants
 * contents); the local forge reuses the trees directly.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommitSpec, FileChange } from '../forges/types.ts';
import { git, readBlobs, runGit } from '../forges/local/git.ts';

export interface PatchCommit {
  fixId: number;
  message: string;
  patch: string;
}

export type BuiltCommits =
  | { ok: true; commits: (CommitSpec & { fixId: number })[] }
  | { ok: false; code: 'patch-does-not-apply'; fixId: number; detail: string };

const STATUS: Record<string, FileChange['status']> = { A: 'added', M: 'modified', D: 'deleted', T: 'modified' };

export async function buildCommits(repoDir: string, baseSha: string, fixes: PatchCommit[], options: { withContent: boolean }): Promise<BuiltCommits> {
  const scratch = await mkdtemp(join(tmpdir(), 'sweep-commits-'));
  const env = { GIT_INDEX_FILE: join(scratch, 'index') };
  try {
    await git(repoDir, ['read-tree', baseSha], { env });
    // The previous tree is only needed to read back changed files (hosted forges).
    let previous = options.withContent ? await git(repoDir, ['rev-parse', `${baseSha}^{tree}`]) : '';
    const commits: (CommitSpec & { fixId: number })[] = [];
    for (const fix of fixes) {
      // Patches stored before checkoutPatch kept its output whole lost the final newline (and with
      // it a trailing blank context line): restore the newline and let git recount the hunks.
      const patch = fix.patch.endsWith('\n') ? fix.patch : `${fix.patch}\n`;
      const applied = await runGit(repoDir, ['apply', '--cached', '--recount', '--whitespace=nowarn', '-'], { env, input: patch });
      if (applied.code !== 0) return { ok: false, code: 'patch-does-not-apply', fixId: fix.fixId, detail: applied.stderr.trim() };
      const tree = await git(repoDir, ['write-tree'], { env });
      const changes = options.withContent ? await changesBetween(repoDir, previous, tree) : [];
      commits.push({ fixId: fix.fixId, message: fix.message, changes, tree });
      previous = tree;
    }
    return { ok: true, commits };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The files that differ between two trees, with their new contents. */
async function changesBetween(repoDir: string, from: string, to: string): Promise<FileChange[]> {
  const raw = await git(repoDir, ['diff-tree', '-r', '-z', '--no-renames', from, to]);
  const fields = raw.split('\0').filter((f) => f !== '');
  const entries: { path: string; status: FileChange['status']; mode: FileChange['mode']; blob: string }[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    // ":<old mode> <new mode> <old sha> <new sha> <status>" then the path.
    const [, newMode, , newSha, status] = fields[i].slice(1).split(' ');
    entries.push({ path: fields[i + 1], status: STATUS[status[0]] ?? 'modified', mode: newMode === '100755' ? '100755' : '100644', blob: newSha });
  }
  const blobs = await readBlobs(repoDir, entries.filter((e) => e.status !== 'deleted').map((e) => e.blob));
  return entries.map((e) => ({
    path: e.path,
    status: e.status,
    mode: e.mode,
    content: e.status === 'deleted' ? null : (blobs.get(e.blob) ?? null),
    blob: e.status === 'deleted' ? undefined : e.blob,
  }));
}

/**
 * Branches of the local forge, written at the object level (commit-tree + update-ref with a
 * throwaway index), so the user's working tree and HEAD are never touched: a person can keep
 * working in the repository while sweep writes `sweep/*` branches beside them.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forgeFailure, type BranchState, type CommitSpec, type ForgeResult, type RepoRef, type WriteBranchInput } from '../types.ts';
import { git, gitOk, identityEnv, runGit } from './git.ts';

const ZERO = '0000000000000000000000000000000000000000';

function notARepo(repo: RepoRef) {
  return forgeFailure('not-found', `${repo.checkout} is not a git repository`, `check repos.${repo.name}.path in sweep.yaml`);
}

/** The base branch: configured, else the branch checked out (unless it is one of sweep's), else main/master. */
export async function localBase(repo: RepoRef): Promise<ForgeResult<{ branch: string; sha: string }>> {
  if (!existsSync(repo.checkout)) return notARepo(repo);
  let branch = repo.base;
  if (!branch) {
    const symbolic = await runGit(repo.checkout, ['symbolic-ref', '--short', '-q', 'HEAD']);
    // 1: detached HEAD; anything else non-zero: not a repository at all.
    if (symbolic.code > 1) return notARepo(repo);
    const head = symbolic.stdout.toString().trim();
    if (head && !head.startsWith('sweep/')) branch = head;
    else if (await gitOk(repo.checkout, ['rev-parse', '--verify', '-q', 'refs/heads/main'])) branch = 'main';
    else if (await gitOk(repo.checkout, ['rev-parse', '--verify', '-q', 'refs/heads/master'])) branch = 'master';
  }
  if (!branch) {
    return forgeFailure('no-base-branch', `${repo.checkout}: HEAD is detached or on a sweep branch, and there is no main or master`, `set repos.${repo.name}.base in sweep.yaml`);
  }
  const sha = await branchHead(repo.checkout, branch);
  if (!sha) return forgeFailure('no-base-branch', `${repo.checkout} has no branch ${branch}`, `set repos.${repo.name}.base to an existing branch`);
  return { ok: true, branch, sha };
}

export async function branchHead(dir: string, branch: string): Promise<string | undefined> {
  const result = await runGit(dir, ['rev-parse', '--verify', '-q', `refs/heads/${branch}^{commit}`]);
  return result.code === 0 ? result.stdout.toString().trim() : undefined;
}

export async function localReadBranch(repo: RepoRef, branch: string, baseSha: string): Promise<ForgeResult<{ branch: BranchState | null }>> {
  if (!existsSync(repo.checkout)) return notARepo(repo);
  const head = await branchHead(repo.checkout, branch);
  if (!head) return { ok: true, branch: null };
  const log = await git(repo.checkout, ['log', '--reverse', '--format=%H%x00%an%x00%ae%x00%s%x1e', `${baseSha}..${head}`]);
  const commits = log
    .split('\x1e')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [sha, authorName, authorEmail, message] = entry.split('\x00');
      return { sha, authorName, authorEmail, message };
    });
  return { ok: true, branch: { head, commits } };
}

export async function localWriteBranch(repo: RepoRef, input: WriteBranchInput): Promise<ForgeResult<{ head: string }>> {
  const dir = repo.checkout;
  if (!existsSync(dir)) return notARepo(repo);
  const ref = `refs/heads/${input.branch}`;
  const checkedOut = (await runGit(dir, ['symbolic-ref', '-q', 'HEAD'])).stdout.toString().trim();
  if (checkedOut === ref) {
    // Moving the ref under a checked-out branch would leave the person's working tree out of step.
    return forgeFailure('branch-checked-out', `${input.branch} is checked out in ${dir}`, 'check out the base branch there; sweep writes its branches without a working tree');
  }
  // With an expected head the compare-and-swap of update-ref below is the check; without one, read it.
  const current = input.expectedHead !== undefined ? input.expectedHead : ((await branchHead(dir, input.branch)) ?? null);
  let parent = input.baseSha;
  let parentTree: string | undefined;
  const env = { ...identityEnv(input.author) };
  for (const commit of input.commits) {
    // The tree built in this repository by the commit builder is used as is; otherwise build it.
    let made = commit.tree ? await runGit(dir, ['commit-tree', commit.tree, '-p', parent, '-F', '-'], { env, input: commit.message }) : undefined;
    if (!made || made.code !== 0) {
      parentTree ??= await git(dir, ['rev-parse', `${parent}^{tree}`]);
      const tree = await treeFor(dir, parentTree, commit);
      made = await runGit(dir, ['commit-tree', tree, '-p', parent, '-F', '-'], { env, input: commit.message });
      if (made.code !== 0) throw new Error(`git commit-tree in ${dir}: ${made.stderr.trim()}`);
      parentTree = tree;
    } else {
      parentTree = commit.tree;
    }
    parent = made.stdout.toString().trim();
  }
  // update-ref with the old value is a compare-and-swap: a concurrent writer makes this fail loudly.
  const swap = await runGit(dir, ['update-ref', '-m', 'sweep: write branch', ref, parent, current ?? ZERO]);
  if (swap.code !== 0) {
    const actual = await branchHead(dir, input.branch);
    return forgeFailure('branch-moved', `${input.branch} is at ${actual ?? '(none)'}, expected ${current ?? '(none)'}`, 'someone else wrote the branch; sweep re-reads it on the next sync');
  }
  return { ok: true, head: parent };
}

/** The commit's tree: the one built in this repository when given, else built from the file contents. */
async function treeFor(dir: string, parentTree: string, commit: CommitSpec): Promise<string> {
  const scratch = await mkdtemp(join(tmpdir(), 'sweep-index-'));
  const env = { GIT_INDEX_FILE: join(scratch, 'index') };
  try {
    await git(dir, ['read-tree', parentTree], { env });
    const lines: string[] = [];
    for (const change of commit.changes) {
      if (change.status === 'deleted' || change.content === null) {
        lines.push(`0 ${ZERO}\t${change.path}`);
        continue;
      }
      const blob = change.blob && (await gitOk(dir, ['cat-file', '-e', change.blob]))
        ? change.blob
        : await git(dir, ['hash-object', '-w', '--stdin'], { input: change.content });
      lines.push(`${change.mode} ${blob}\t${change.path}`);
    }
    await git(dir, ['update-index', '--index-info'], { env, input: lines.join('\n') + '\n' });
    return await git(dir, ['write-tree'], { env });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Branches on GitHub through the git data API: blobs, trees (on top of the parent's tree),
 * commits, then the ref. No clone, no push credentials, and each commit is exactly the files the
 * fix changed.
 */
import type { Octokit } from '@octokit/rest';
import { forgeFailure, type BranchState, type ForgeResult, type RepoRef, type WriteBranchInput } from '../types.ts';
import { call } from './client.ts';

export type GithubRepo = {
  owner: string;
  repo: string;
};

async function headOf(octokit: Octokit, target: GithubRepo, branch: string): Promise<string | null> {
  try {
    const { data } = await octokit.git.getRef({ ...target, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

export function githubBase(octokit: Octokit, repo: RepoRef, target: GithubRepo): Promise<ForgeResult<{ branch: string; sha: string }>> {
  return call(`base of ${target.owner}/${target.repo}`, async () => {
    const branch = repo.base ?? (await octokit.repos.get(target)).data.default_branch;
    const { data } = await octokit.git.getRef({ ...target, ref: `heads/${branch}` });
    return { branch, sha: data.object.sha };
  });
}

export function githubReadBranch(octokit: Octokit, target: GithubRepo, branch: string, baseSha: string): Promise<ForgeResult<{ branch: BranchState | null }>> {
  return call(`branch ${branch}`, async () => {
    const head = await headOf(octokit, target, branch);
    if (!head) return { branch: null };
    const { data } = await octokit.repos.compareCommits({ ...target, base: baseSha, head });
    const commits = data.commits.map((c) => ({
      sha: c.sha,
      authorName: c.commit.author?.name ?? '',
      authorEmail: c.commit.author?.email ?? '',
      message: c.commit.message.split('\n')[0],
    }));
    return { branch: { head, commits } };
  });
}

export async function githubWriteBranch(octokit: Octokit, target: GithubRepo, input: WriteBranchInput): Promise<ForgeResult<{ head: string }>> {
  return call(`write ${input.branch}`, async () => {
    const current = await headOf(octokit, target, input.branch);
    // The REST API has no compare-and-swap on refs: check first (a race window remains, and the
    // branch is sweep's own, written by one worker at a time under the PR lease).
    if (input.expectedHead !== undefined && current !== input.expectedHead) {
      throw Object.assign(new Error('moved'), { moved: current });
    }
    let parent = input.baseSha;
    let parentTree = (await octokit.git.getCommit({ ...target, commit_sha: parent })).data.tree.sha;
    for (const commit of input.commits) {
      const entries = [];
      for (const change of commit.changes) {
        if (change.status === 'deleted' || change.content === null) {
          entries.push({ path: change.path, mode: change.mode, type: 'blob' as const, sha: null });
          continue;
        }
        const blob = await octokit.git.createBlob({ ...target, content: change.content.toString('base64'), encoding: 'base64' });
        entries.push({ path: change.path, mode: change.mode, type: 'blob' as const, sha: blob.data.sha });
      }
      const tree = await octokit.git.createTree({ ...target, base_tree: parentTree, tree: entries });
      const created = await octokit.git.createCommit({
        ...target,
        message: commit.message,
        tree: tree.data.sha,
        parents: [parent],
        author: { name: input.author.name, email: input.author.email },
      });
      parent = created.data.sha;
      parentTree = tree.data.sha;
    }
    if (current) await octokit.git.updateRef({ ...target, ref: `heads/${input.branch}`, sha: parent, force: true });
    else await octokit.git.createRef({ ...target, ref: `refs/heads/${input.branch}`, sha: parent });
    return { head: parent };
  }).catch((error: { moved?: string | null }) => {
    if (error && 'moved' in error) {
      return forgeFailure('branch-moved', `${input.branch} is at ${error.moved ?? '(none)'}, expected ${input.expectedHead ?? '(none)'}`, 'someone else wrote the branch; sweep re-reads it on the next sync');
    }
    throw error;
  });
}

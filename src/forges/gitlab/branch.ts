/**
 * Branches on GitLab through the commits API: the first commit is created with `start_sha` (the
 * base) and `force`, which resets the branch onto the base; each further commit goes on top. Each
 * commit carries exactly the files the fix changed, base64-encoded.
 */
import { forgeFailure, type BranchState, type ForgeResult, type RepoRef, type WriteBranchInput } from '../types.ts';
import { call, isNotFound, type GitlabClient } from './client.ts';

async function headOf(api: GitlabClient, project: string, branch: string): Promise<string | null> {
  try {
    return (await api.Branches.show(project, branch)).commit.id;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

export function gitlabBase(api: GitlabClient, repo: RepoRef, project: string): Promise<ForgeResult<{ branch: string; sha: string }>> {
  return call(`base of ${project}`, async () => {
    const branch = repo.base ?? (await api.Projects.show(project)).default_branch;
    return { branch, sha: (await api.Branches.show(project, branch)).commit.id };
  });
}

export function gitlabReadBranch(api: GitlabClient, project: string, branch: string, baseSha: string): Promise<ForgeResult<{ branch: BranchState | null }>> {
  return call(`branch ${branch}`, async () => {
    const head = await headOf(api, project, branch);
    if (!head) return { branch: null };
    const compare = await api.Repositories.compare(project, baseSha, head);
    // GitLab lists compare commits oldest first (Repository#commits_between walks in reverse topo order).
    const commits = (compare.commits ?? []).map((c) => ({ sha: c.id, authorName: c.author_name, authorEmail: c.author_email, message: c.title }));
    return { branch: { head, commits } };
  });
}

export async function gitlabWriteBranch(api: GitlabClient, project: string, input: WriteBranchInput): Promise<ForgeResult<{ head: string }>> {
  const current = await call(`branch ${input.branch}`, async () => ({ head: await headOf(api, project, input.branch) }));
  if (!current.ok) return current;
  if (input.expectedHead !== undefined && current.head !== input.expectedHead) {
    return forgeFailure('branch-moved', `${input.branch} is at ${current.head ?? '(none)'}, expected ${input.expectedHead ?? '(none)'}`, 'someone else wrote the branch; sweep re-reads it on the next sync');
  }
  return call(`write ${input.branch}`, async () => {
    if (input.commits.length === 0) {
      if (current.head) await api.Branches.remove(project, input.branch);
      return { head: (await api.Branches.create(project, input.branch, input.baseSha)).commit.id };
    }
    let head = input.baseSha;
    for (const [index, commit] of input.commits.entries()) {
      const actions = commit.changes.map((change) =>
        change.status === 'deleted' || change.content === null
          ? { action: 'delete' as const, filePath: change.path }
          : {
              action: change.status === 'added' ? ('create' as const) : ('update' as const),
              filePath: change.path,
              content: change.content.toString('base64'),
              encoding: 'base64',
              ...(change.mode === '100755' ? { execute_filemode: true } : {}),
            },
      );
      const start = index === 0 ? { startSha: input.baseSha, force: true } : {};
      const created = await api.Commits.create(project, input.branch, commit.message, actions, { ...start, authorName: input.author.name, authorEmail: input.author.email });
      head = created.id;
    }
    return { head };
  });
}

/**
 * The `gitlab` forge: @gitbeaker/rest against gitlab.com or a self-managed instance. The project
 * is `repos.<name>.remote` (its path, `group/sub/name`, or numeric id), else the repo's name.
 */
import type { Forge, RepoRef } from '../types.ts';
import { gitlabBase, gitlabReadBranch, gitlabWriteBranch } from './branch.ts';
import { createGitlabClient, type GitlabClientOptions } from './client.ts';
import { gitlabClosePr, gitlabFindOpenPr, gitlabMarkReady, gitlabMergePr, gitlabOpenPr, gitlabReadPr, gitlabUpdatePr } from './pr.ts';

export type GitlabForgeOptions = GitlabClientOptions;

export function createGitlabForge(options: GitlabForgeOptions): Forge {
  const api = createGitlabClient(options);
  const project = (repo: RepoRef) => repo.remote ?? repo.name;
  return {
    id: 'gitlab',
    base: (repo) => gitlabBase(api, repo, project(repo)),
    readBranch: (repo, branch, baseSha) => gitlabReadBranch(api, project(repo), branch, baseSha),
    writeBranch: (repo, input) => gitlabWriteBranch(api, project(repo), input),
    findOpenPr: (repo, branch) => gitlabFindOpenPr(api, project(repo), branch),
    openPr: (repo, spec) => gitlabOpenPr(api, project(repo), spec),
    updatePr: (repo, number, spec) => gitlabUpdatePr(api, project(repo), number, spec),
    readPr: (repo, number) => gitlabReadPr(api, project(repo), number),
    markReady: (repo, number) => gitlabMarkReady(api, project(repo), number),
    closePr: (repo, number, reason) => gitlabClosePr(api, project(repo), number, reason),
    mergePr: (repo, number, actor) => gitlabMergePr(api, project(repo), number, actor),
  };
}

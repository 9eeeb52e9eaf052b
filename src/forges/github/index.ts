/**
 * The `github` forge: Octokit REST against github.com or GitHub Enterprise. Branches are built with
 * the git data API (no clone, no push); PRs, labels, drafts, check runs and rate limits as GitHub
 * documents them. The repository is `repos.<name>.remote` (`owner/name`), else the repo's name.
 */
import { forgeFailure, type Forge, type ForgeResult, type RepoRef } from '../types.ts';
import { githubBase, githubReadBranch, githubWriteBranch, type GithubRepo } from './branch.ts';
import { createGithubClient, ownerRepo, type GithubClientOptions } from './client.ts';
import { githubClosePr, githubFindOpenPr, githubMarkReady, githubMergePr, githubOpenPr, githubReadPr, githubUpdatePr } from './pr.ts';

export type GithubForgeOptions = GithubClientOptions;

export function createGithubForge(options: GithubForgeOptions): Forge {
  const octokit = createGithubClient(options);
  // Resolves owner/name once per call; a repo sweep cannot name on GitHub is a typed failure.
  function on<T extends object>(repo: RepoRef, fn: (target: GithubRepo) => Promise<ForgeResult<T>>): Promise<ForgeResult<T>> {
    const target = ownerRepo(repo.remote ?? repo.name);
    if (!target) {
      return Promise.resolve(forgeFailure('not-found', `${repo.remote ?? repo.name} is not a GitHub owner/name`, `set repos.${repo.name}.remote: <owner>/<name> in sweep.yaml`));
    }
    return fn(target);
  }
  return {
    id: 'github',
    base: (repo) => on(repo, (t) => githubBase(octokit, repo, t)),
    readBranch: (repo, branch, baseSha) => on(repo, (t) => githubReadBranch(octokit, t, branch, baseSha)),
    writeBranch: (repo, input) => on(repo, (t) => githubWriteBranch(octokit, t, input)),
    findOpenPr: (repo, branch) => on(repo, (t) => githubFindOpenPr(octokit, t, branch)),
    openPr: (repo, spec) => on(repo, (t) => githubOpenPr(octokit, t, spec)),
    updatePr: (repo, number, spec) => on(repo, (t) => githubUpdatePr(octokit, t, number, spec)),
    readPr: (repo, number) => on(repo, (t) => githubReadPr(octokit, t, number)),
    markReady: (repo, number) => on(repo, (t) => githubMarkReady(octokit, t, number)),
    closePr: (repo, number, reason) => on(repo, (t) => githubClosePr(octokit, t, number, reason)),
    mergePr: (repo, number, actor) => on(repo, (t) => githubMergePr(octokit, t, number, actor)),
  };
}

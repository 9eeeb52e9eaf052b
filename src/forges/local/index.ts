/**
 * The `local` forge: a git repository on disk. A pull request is a `sweep/*` branch in that
 * repository plus a row in `local_pull_requests`; `sweep prs merge` runs a real `git merge`. It
 * needs no network and no token, so it is the default and what `sweep demo` uses.
 */
import type { SqlExecutor } from '../../db/store.ts';
import type { Forge } from '../types.ts';
import { localBase, localReadBranch, localWriteBranch } from './branch.ts';
import { localClosePr, localFindOpenPr, localMarkReady, localMergePr, localOpenPr, localReadPr, localUpdatePr } from './pr.ts';

export interface LocalForgeDeps {
  /** Where the PR records live: sweep's own database. */
  db: SqlExecutor;
}

export function createLocalForge(deps: LocalForgeDeps): Forge {
  const { db } = deps;
  return {
    id: 'local',
    base: (repo) => localBase(repo),
    readBranch: (repo, branch, baseSha) => localReadBranch(repo, branch, baseSha),
    writeBranch: (repo, input) => localWriteBranch(repo, input),
    findOpenPr: (repo, branch) => localFindOpenPr(db, repo, branch),
    openPr: (repo, spec) => localOpenPr(db, repo, spec),
    updatePr: (repo, number, spec) => localUpdatePr(db, repo, number, spec),
    readPr: (repo, number) => localReadPr(db, repo, number),
    markReady: (repo, number) => localMarkReady(db, repo, number),
    closePr: (repo, number, reason) => localClosePr(db, repo, number, reason),
    mergePr: (repo, number, actor) => localMergePr(db, repo, number, actor),
  };
}

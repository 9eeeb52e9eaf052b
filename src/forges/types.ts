/**
 * The forge contract: everything sweep asks of a place that hosts pull requests. `local` (a git
 * repository on disk plus a database record), `github` (REST) and `gitlab` (merge requests) each
 * implement it and each passes the same contract suite (test/forges/contract.ts).
 *
 * Every method returns a `ForgeResult`: expected failures (rate limits, a branch that moved, a
 * merge conflict, a missing repo) are values with a stable kebab `code` and a `hint` a person can
 * act on; exceptions are for faults (a dropped connection), which the queue retries. Optional
 * capabilities are optional methods, as in Renovate's platform interface.
 */

export type ForgeId = 'local' | 'github' | 'gitlab';

export type ForgeFailureCode =
  | 'rate-limited'
  | 'not-found'
  | 'unauthorized'
  | 'branch-moved'
  | 'branch-checked-out'
  | 'no-base-branch'
  | 'draft'
  | 'not-open'
  | 'merge-conflict'
  | 'dirty-worktree'
  | 'rejected';

export type ForgeFailure = {
  ok: false;
  code: ForgeFailureCode;
  message: string;
  hint: string;
  /** For `rate-limited`: when the forge says to come back (from `retry-after` / reset headers). */
  retryAt?: Date;
};

export type ForgeResult<T> = ({ ok: true } & T) | ForgeFailure;

/** Which repository on which forge; `checkout` is the local clone sweep fixes and builds commits in. */
export interface RepoRef {
  forge: ForgeId;
  /** What sweep calls the repo: the `repos:` key or the iac repo (`acme/infra`, or a path). */
  name: string;
  /** Absolute path of the local checkout (for `local`, the repository itself). */
  checkout: string;
  /** `owner/name` on GitHub, the project path (`group/sub/name`) or id on GitLab; unused by `local`. */
  remote?: string;
  /** Base branch override (`repos.<name>.base`); otherwise the forge's default branch. */
  base?: string;
}

export interface GitIdentity {
  name: string;
  email: string;
}

/** One file in a commit, as it is after the commit. */
export interface FileChange {
  path: string;
  status: 'added' | 'modified' | 'deleted';
  /** `100644` or `100755` (symlinks and submodules never come out of a fix). */
  mode: '100644' | '100755';
  /** New contents; null when deleted. */
  content: Buffer | null;
  /** The git blob sha of `content` (the local forge reuses the object instead of hashing again). */
  blob?: string;
}

export interface CommitSpec {
  message: string;
  changes: FileChange[];
  /** The git tree after this commit, when it was built in the local checkout (local fast path). */
  tree?: string;
}

export interface BranchCommit {
  sha: string;
  authorName: string;
  authorEmail: string;
  message: string;
}

export interface BranchState {
  head: string;
  /** Commits on the branch that the base does not have, oldest first. */
  commits: BranchCommit[];
}

export interface WriteBranchInput {
  branch: string;
  /** Commits go on top of this base commit; whatever the branch held before is replaced. */
  baseSha: string;
  commits: CommitSpec[];
  /** Compare-and-swap: fail with `branch-moved` unless the branch head is this (null: must not exist). */
  expectedHead?: string | null;
  author: GitIdentity;
}

export interface PrSpec {
  branch: string;
  base: string;
  title: string;
  body: string;
  draft: boolean;
  labels: string[];
}

export interface PrRef {
  number: number;
  url: string;
}

export type CheckState = 'none' | 'pending' | 'success' | 'failure';

export interface CheckRun {
  name: string;
  /** `queued`, `in_progress`, `completed` (GitHub words; GitLab pipeline states map onto them). */
  status: string;
  conclusion: string | null;
  url?: string;
}

export interface PrStatus {
  number: number;
  url: string;
  state: 'open' | 'closed' | 'merged';
  draft: boolean;
  title: string;
  body: string;
  labels: string[];
  headSha: string;
  mergedAt?: Date;
  closedAt?: Date;
  /** Why it was closed, when the forge records one (local: `sweep prs close --reason`). */
  closedReason?: string;
  checks: { state: CheckState; runs: CheckRun[] };
}

export interface Forge {
  readonly id: ForgeId;
  /** The base branch and its head commit. */
  base(repo: RepoRef): Promise<ForgeResult<{ branch: string; sha: string }>>;
  /** The branch's head and the commits it adds to `baseSha`; `branch: null` when it does not exist. */
  readBranch(repo: RepoRef, branch: string, baseSha: string): Promise<ForgeResult<{ branch: BranchState | null }>>;
  /** Creates or replaces the branch with `commits` on top of `baseSha`, one commit each. */
  writeBranch(repo: RepoRef, input: WriteBranchInput): Promise<ForgeResult<{ head: string }>>;
  /** The open PR whose head is `branch`, if any: a job that crashed after opening finds it instead of opening twice. */
  findOpenPr(repo: RepoRef, branch: string): Promise<ForgeResult<{ pr: PrRef | null }>>;
  openPr(repo: RepoRef, spec: PrSpec): Promise<ForgeResult<PrRef>>;
  /** New title and body; `labels` are added (labels a person put on the PR stay). */
  updatePr(repo: RepoRef, number: number, spec: Pick<PrSpec, 'title' | 'body' | 'labels'>): Promise<ForgeResult<object>>;
  readPr(repo: RepoRef, number: number): Promise<ForgeResult<PrStatus>>;
  /** Draft → ready for review (approval). */
  markReady(repo: RepoRef, number: number): Promise<ForgeResult<object>>;
  closePr(repo: RepoRef, number: number, reason: string): Promise<ForgeResult<object>>;
  /** Optional: merge from sweep itself (`sweep prs merge`); forges without it leave merging to people. */
  mergePr?(repo: RepoRef, number: number, actor: GitIdentity): Promise<ForgeResult<{ sha: string }>>;
}

export function forgeFailure(code: ForgeFailureCode, message: string, hint: string, retryAt?: Date): ForgeFailure {
  return retryAt ? { ok: false, code, message, hint, retryAt } : { ok: false, code, message, hint };
}

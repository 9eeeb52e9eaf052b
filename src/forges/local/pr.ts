/**
 * Pull requests of the local forge: rows in `local_pull_requests`, the server-side state a hosted
 * forge would keep. Merging is a real `git merge --no-ff` into the base branch of the repository.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqlExecutor } from '../../db/store.ts';
import { forgeFailure, type ForgeResult, type GitIdentity, type PrRef, type PrSpec, type PrStatus, type RepoRef } from '../types.ts';
import { branchHead } from './branch.ts';
import { git, identityEnv, runGit } from './git.ts';

interface LocalPrRow {
  id: number | string;
  repo: string;
  head: string;
  base: string;
  title: string;
  body: string;
  state: 'open' | 'closed' | 'merged';
  draft: boolean;
  labels: string[];
  merge_sha: string | null;
  closed_reason: string | null;
  merged_at: Date | string | null;
  closed_at: Date | string | null;
}

export function localPrUrl(repoDir: string, number: number): string {
  return `file://${repoDir}#sweep-pr-${number}`;
}

async function load(db: SqlExecutor, repo: RepoRef, number: number): Promise<LocalPrRow | undefined> {
  const [row] = await db.query<LocalPrRow>('select * from local_pull_requests where id = $1 and repo = $2', [number, repo.checkout]);
  return row;
}

function missing(repo: RepoRef, number: number) {
  return forgeFailure('not-found', `no local pull request #${number} in ${repo.checkout}`, 'run `sweep prs list` for the ids');
}

export async function localFindOpenPr(db: SqlExecutor, repo: RepoRef, branch: string): Promise<ForgeResult<{ pr: PrRef | null }>> {
  const [row] = await db.query<{ id: number | string }>(
    `select id from local_pull_requests where repo = $1 and head = $2 and state = 'open' order by id desc limit 1`,
    [repo.checkout, branch],
  );
  return { ok: true, pr: row ? { number: Number(row.id), url: localPrUrl(repo.checkout, Number(row.id)) } : null };
}

export async function localOpenPr(db: SqlExecutor, repo: RepoRef, spec: PrSpec): Promise<ForgeResult<PrRef>> {
  if (!(await branchHead(repo.checkout, spec.branch))) {
    return forgeFailure('not-found', `branch ${spec.branch} does not exist in ${repo.checkout}`, 'write the branch before opening its pull request');
  }
  const existing = await localFindOpenPr(db, repo, spec.branch);
  if (existing.ok && existing.pr) {
    return forgeFailure('rejected', `a pull request for ${spec.branch} is already open (#${existing.pr.number})`, 'update that one instead');
  }
  const [row] = await db.query<{ id: number | string }>(
    `insert into local_pull_requests (repo, head, base, title, body, state, draft, labels) values ($1, $2, $3, $4, $5, 'open', $6, $7) returning id`,
    [repo.checkout, spec.branch, spec.base, spec.title, spec.body, spec.draft, JSON.stringify(spec.labels)],
  );
  const number = Number(row.id);
  return { ok: true, number, url: localPrUrl(repo.checkout, number) };
}

export async function localUpdatePr(db: SqlExecutor, repo: RepoRef, number: number, spec: Pick<PrSpec, 'title' | 'body' | 'labels'>): Promise<ForgeResult<object>> {
  const rows = await db.query(
    // Labels are added, never replaced (as on the hosted forges).
    `update local_pull_requests set title = $3, body = $4, updated_at = now(),
       labels = (select coalesce(jsonb_agg(distinct l order by l), '[]'::jsonb) from jsonb_array_elements_text(labels || $5::jsonb) as l)
     where id = $1 and repo = $2 returning id`,
    [number, repo.checkout, spec.title, spec.body, JSON.stringify(spec.labels)],
  );
  return rows.length ? { ok: true } : missing(repo, number);
}

export async function localReadPr(db: SqlExecutor, repo: RepoRef, number: number): Promise<ForgeResult<PrStatus>> {
  const row = await load(db, repo, number);
  if (!row) return missing(repo, number);
  const headSha = (await branchHead(repo.checkout, row.head)) ?? '';
  return {
    ok: true,
    number,
    url: localPrUrl(repo.checkout, number),
    state: row.state,
    draft: row.draft,
    title: row.title,
    body: row.body,
    labels: row.labels,
    headSha,
    mergedAt: row.merged_at ? new Date(row.merged_at) : undefined,
    closedAt: row.closed_at ? new Date(row.closed_at) : undefined,
    closedReason: row.closed_reason ?? undefined,
    // A repository on disk runs no CI: there are no checks to wait for.
    checks: { state: 'none', runs: [] },
  };
}

export async function localMarkReady(db: SqlExecutor, repo: RepoRef, number: number): Promise<ForgeResult<object>> {
  const rows = await db.query(`update local_pull_requests set draft = false, updated_at = now() where id = $1 and repo = $2 returning id`, [number, repo.checkout]);
  return rows.length ? { ok: true } : missing(repo, number);
}

export async function localClosePr(db: SqlExecutor, repo: RepoRef, number: number, reason: string): Promise<ForgeResult<object>> {
  const row = await load(db, repo, number);
  if (!row) return missing(repo, number);
  if (row.state !== 'open') return forgeFailure('not-open', `local pull request #${number} is ${row.state}`, 'only open pull requests can be closed');
  await db.query(
    `update local_pull_requests set state = 'closed', closed_reason = $3, closed_at = now(), updated_at = now() where id = $1 and repo = $2`,
    [number, repo.checkout, reason],
  );
  return { ok: true };
}

/**
 * A real merge: `git merge --no-ff` of the PR branch into its base. When the base is checked out
 * (the usual case) the merge runs there, so the person's working tree moves with it, and only if
 * that tree is clean; otherwise it runs in a temporary worktree and only the base ref moves.
 */
export async function localMergePr(db: SqlExecutor, repo: RepoRef, number: number, actor: GitIdentity): Promise<ForgeResult<{ sha: string }>> {
  const row = await load(db, repo, number);
  if (!row) return missing(repo, number);
  if (row.state !== 'open') return forgeFailure('not-open', `local pull request #${number} is ${row.state}`, 'only open pull requests can be merged');
  if (row.draft) return forgeFailure('draft', `local pull request #${number} is a draft awaiting approval`, `run \`sweep prs approve\` on it first`);
  const dir = repo.checkout;
  const message = `Merge pull request #${number} from ${row.head}\n\n${row.title}`;
  const env = identityEnv(actor);
  const checkedOut = (await runGit(dir, ['symbolic-ref', '-q', 'HEAD'])).stdout.toString().trim();
  let sha: string;
  if (checkedOut === `refs/heads/${row.base}`) {
    const dirty = await git(dir, ['status', '--porcelain', '--untracked-files=no']);
    if (dirty) return forgeFailure('dirty-worktree', `${dir} has uncommitted changes on ${row.base}`, 'commit or stash them, then merge again');
    const merged = await runGit(dir, ['merge', '--no-ff', '--no-edit', '-m', message, `refs/heads/${row.head}`], { env });
    if (merged.code !== 0) {
      await runGit(dir, ['merge', '--abort']);
      return forgeFailure('merge-conflict', `${row.head} does not merge cleanly into ${row.base}: ${merged.stderr.trim() || merged.stdout.toString().trim()}`, 'run `sweep prs sync --refresh` to regenerate it on the current base');
    }
    sha = await git(dir, ['rev-parse', 'HEAD']);
  } else {
    const scratch = await mkdtemp(join(tmpdir(), 'sweep-merge-'));
    const worktree = join(scratch, 'tree');
    try {
      const before = await git(dir, ['rev-parse', `refs/heads/${row.base}`]);
      await git(dir, ['worktree', 'add', '--quiet', '--detach', worktree, before]);
      const merged = await runGit(worktree, ['merge', '--no-ff', '--no-edit', '-m', message, `refs/heads/${row.head}`], { env });
      if (merged.code !== 0) {
        return forgeFailure('merge-conflict', `${row.head} does not merge cleanly into ${row.base}: ${merged.stderr.trim() || merged.stdout.toString().trim()}`, 'run `sweep prs sync --refresh` to regenerate it on the current base');
      }
      sha = await git(worktree, ['rev-parse', 'HEAD']);
      await git(dir, ['update-ref', '-m', `sweep: merge #${number}`, `refs/heads/${row.base}`, sha, before]);
    } finally {
      await runGit(dir, ['worktree', 'remove', '--force', worktree]);
      await rm(scratch, { recursive: true, force: true });
    }
  }
  await db.query(
    `update local_pull_requests set state = 'merged', merge_sha = $3, merged_at = now(), updated_at = now() where id = $1 and repo = $2`,
    [number, repo.checkout, sha],
  );
  return { ok: true, sha };
}

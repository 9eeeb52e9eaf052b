/**
 * Pull requests on GitHub: REST for create/update/read/close/merge, labels through the issues
 * API (a PR is an issue), check runs and commit statuses for the head commit, and GraphQL for
 * the one thing REST cannot do: turn a draft into a ready PR.
 */
import type { Octokit } from '@octokit/rest';
import type { CheckRun, CheckState, ForgeResult, GitIdentity, PrRef, PrSpec, PrStatus } from '../types.ts';
import type { GithubRepo } from './branch.ts';
import { call } from './client.ts';

export function githubFindOpenPr(octokit: Octokit, target: GithubRepo, branch: string): Promise<ForgeResult<{ pr: PrRef | null }>> {
  return call(`find PR for ${branch}`, async () => {
    const { data } = await octokit.pulls.list({ ...target, state: 'open', head: `${target.owner}:${branch}`, per_page: 10 });
    const pr = data.find((p) => p.head.ref === branch);
    return { pr: pr ? { number: pr.number, url: pr.html_url } : null };
  });
}

export function githubOpenPr(octokit: Octokit, target: GithubRepo, spec: PrSpec): Promise<ForgeResult<PrRef>> {
  return call(`open PR for ${spec.branch}`, async () => {
    const { data } = await octokit.pulls.create({ ...target, head: spec.branch, base: spec.base, title: spec.title, body: spec.body, draft: spec.draft });
    if (spec.labels.length) await octokit.issues.addLabels({ ...target, issue_number: data.number, labels: spec.labels });
    return { number: data.number, url: data.html_url };
  });
}

export function githubUpdatePr(octokit: Octokit, target: GithubRepo, number: number, spec: Pick<PrSpec, 'title' | 'body' | 'labels'>): Promise<ForgeResult<object>> {
  return call(`update PR #${number}`, async () => {
    await octokit.pulls.update({ ...target, pull_number: number, title: spec.title, body: spec.body });
    // Add, never replace: labels people put on the PR stay.
    if (spec.labels.length) await octokit.issues.addLabels({ ...target, issue_number: number, labels: spec.labels });
    return {};
  });
}

const FAILED = new Set(['failure', 'timed_out', 'cancelled', 'action_required', 'startup_failure', 'error']);

/** One state for the head commit from check runs and legacy commit statuses together. */
export function summarizeChecks(runs: CheckRun[]): CheckState {
  if (runs.length === 0) return 'none';
  if (runs.some((r) => r.conclusion !== null && FAILED.has(r.conclusion))) return 'failure';
  if (runs.some((r) => r.status !== 'completed')) return 'pending';
  return 'success';
}

export function githubReadPr(octokit: Octokit, target: GithubRepo, number: number): Promise<ForgeResult<PrStatus>> {
  return call(`read PR #${number}`, async () => {
    const { data: pr } = await octokit.pulls.get({ ...target, pull_number: number });
    const [checkRuns, statuses] = await Promise.all([
      octokit.checks.listForRef({ ...target, ref: pr.head.sha, per_page: 100 }),
      octokit.repos.getCombinedStatusForRef({ ...target, ref: pr.head.sha, per_page: 100 }),
    ]);
    const runs: CheckRun[] = [
      ...checkRuns.data.check_runs.map((r) => ({ name: r.name, status: r.status, conclusion: r.conclusion, url: r.html_url ?? undefined })),
      ...statuses.data.statuses.map((s) => ({
        name: s.context,
        status: s.state === 'pending' ? 'in_progress' : 'completed',
        conclusion: s.state === 'pending' ? null : s.state,
        url: s.target_url ?? undefined,
      })),
    ];
    return {
      number: pr.number,
      url: pr.html_url,
      state: pr.merged || pr.merged_at ? ('merged' as const) : pr.state === 'closed' ? ('closed' as const) : ('open' as const),
      draft: pr.draft ?? false,
      title: pr.title,
      body: pr.body ?? '',
      labels: pr.labels.map((l) => l.name),
      headSha: pr.head.sha,
      mergedAt: pr.merged_at ? new Date(pr.merged_at) : undefined,
      closedAt: pr.closed_at ? new Date(pr.closed_at) : undefined,
      checks: { state: summarizeChecks(runs), runs },
    };
  });
}

export function githubMarkReady(octokit: Octokit, target: GithubRepo, number: number): Promise<ForgeResult<object>> {
  return call(`mark PR #${number} ready`, async () => {
    const { data: pr } = await octokit.pulls.get({ ...target, pull_number: number });
    if (!pr.draft) return {};
    await octokit.graphql(
      'mutation($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { isDraft } } }',
      { id: pr.node_id },
    );
    return {};
  });
}

export function githubClosePr(octokit: Octokit, target: GithubRepo, number: number, reason: string): Promise<ForgeResult<object>> {
  return call(`close PR #${number}`, async () => {
    await octokit.issues.createComment({ ...target, issue_number: number, body: `Closed by sweep: ${reason}` });
    await octokit.pulls.update({ ...target, pull_number: number, state: 'closed' });
    return {};
  });
}

export function githubMergePr(octokit: Octokit, target: GithubRepo, number: number, actor: GitIdentity): Promise<ForgeResult<{ sha: string }>> {
  return call(`merge PR #${number}`, async () => {
    const { data } = await octokit.pulls.merge({ ...target, pull_number: number, merge_method: 'merge', commit_title: `Merge pull request #${number} (by ${actor.name} through sweep)` });
    return { sha: data.sha };
  });
}

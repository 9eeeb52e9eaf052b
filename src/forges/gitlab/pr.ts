/**
 * Merge requests on GitLab. Drafts are GitLab's `Draft:` title prefix (the API has no draft flag
 * on create); checks are the head pipeline; closing leaves a note with the reason.
 */
import type { CheckRun, CheckState, ForgeResult, GitIdentity, PrRef, PrSpec, PrStatus } from '../types.ts';
import { call, type GitlabClient } from './client.ts';

const DRAFT = /^\s*(\[draft\]|\(draft\)|draft:|draft\s*-)\s*/i;

function stripDraft(title: string): string {
  return title.replace(DRAFT, '');
}

function labelNames(labels: unknown): string[] {
  return Array.isArray(labels) ? labels.map((l) => (typeof l === 'string' ? l : String((l as { name?: string }).name))) : [];
}

/** GitLab pipeline states in GitHub's check vocabulary (status + conclusion). */
export function pipelineCheck(pipeline: { id: number; status: string; web_url: string } | null): { state: CheckState; runs: CheckRun[] } {
  if (!pipeline) return { state: 'none', runs: [] };
  const done: Record<string, string> = { success: 'success', failed: 'failure', canceled: 'cancelled', skipped: 'skipped' };
  const conclusion = done[pipeline.status] ?? null;
  const run: CheckRun = { name: `pipeline #${pipeline.id}`, status: conclusion ? 'completed' : 'in_progress', conclusion, url: pipeline.web_url };
  const state: CheckState = conclusion === 'failure' || conclusion === 'cancelled' ? 'failure' : conclusion ? 'success' : 'pending';
  return { state, runs: [run] };
}

export function gitlabFindOpenPr(api: GitlabClient, project: string, branch: string): Promise<ForgeResult<{ pr: PrRef | null }>> {
  return call(`find merge request for ${branch}`, async () => {
    const open = await api.MergeRequests.all({ projectId: project, sourceBranch: branch, state: 'opened', perPage: 10, maxPages: 1 });
    const mr = open.find((m) => m.source_branch === branch);
    return { pr: mr ? { number: mr.iid, url: mr.web_url } : null };
  });
}

export function gitlabOpenPr(api: GitlabClient, project: string, spec: PrSpec): Promise<ForgeResult<PrRef>> {
  return call(`open merge request for ${spec.branch}`, async () => {
    const title = spec.draft ? `Draft: ${spec.title}` : spec.title;
    const mr = await api.MergeRequests.create(project, spec.branch, spec.base, title, { description: spec.body, labels: spec.labels.join(','), removeSourceBranch: false });
    return { number: mr.iid, url: mr.web_url };
  });
}

export function gitlabUpdatePr(api: GitlabClient, project: string, iid: number, spec: Pick<PrSpec, 'title' | 'body' | 'labels'>): Promise<ForgeResult<object>> {
  return call(`update merge request !${iid}`, async () => {
    const current = await api.MergeRequests.show(project, iid);
    // Keep a draft a draft: the prefix is the draft flag.
    const title = current.draft ? `Draft: ${spec.title}` : spec.title;
    // add_labels, never labels=: labels people put on the merge request stay.
    await api.MergeRequests.edit(project, iid, { title, description: spec.body, ...(spec.labels.length ? { addLabels: spec.labels.join(',') } : {}) });
    return {};
  });
}

export function gitlabReadPr(api: GitlabClient, project: string, iid: number): Promise<ForgeResult<PrStatus>> {
  return call(`read merge request !${iid}`, async () => {
    const mr = await api.MergeRequests.show(project, iid);
    const state = mr.state === 'merged' ? ('merged' as const) : mr.state === 'closed' ? ('closed' as const) : ('open' as const);
    return {
      number: mr.iid,
      url: mr.web_url,
      state,
      draft: mr.draft,
      title: stripDraft(mr.title),
      body: mr.description ?? '',
      labels: labelNames(mr.labels),
      headSha: mr.sha,
      mergedAt: mr.merged_at ? new Date(mr.merged_at) : undefined,
      closedAt: mr.closed_at ? new Date(mr.closed_at) : undefined,
      checks: pipelineCheck(mr.head_pipeline),
    };
  });
}

export function gitlabMarkReady(api: GitlabClient, project: string, iid: number): Promise<ForgeResult<object>> {
  return call(`mark merge request !${iid} ready`, async () => {
    const mr = await api.MergeRequests.show(project, iid);
    if (mr.draft) await api.MergeRequests.edit(project, iid, { title: stripDraft(mr.title) });
    return {};
  });
}

export function gitlabClosePr(api: GitlabClient, project: string, iid: number, reason: string): Promise<ForgeResult<object>> {
  return call(`close merge request !${iid}`, async () => {
    await api.MergeRequestNotes.create(project, iid, `Closed by sweep: ${reason}`);
    await api.MergeRequests.edit(project, iid, { stateEvent: 'close' });
    return {};
  });
}

export function gitlabMergePr(api: GitlabClient, project: string, iid: number, actor: GitIdentity): Promise<ForgeResult<{ sha: string }>> {
  return call(`merge merge request !${iid}`, async () => {
    const mr = await api.MergeRequests.accept(project, iid, { mergeCommitMessage: `Merge branch (by ${actor.name} through sweep)` });
    return { sha: mr.merge_commit_sha ?? mr.sha };
  });
}

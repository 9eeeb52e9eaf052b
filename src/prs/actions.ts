/**
 * What a person does to a PR through sweep: approve (a draft awaiting approval becomes ready for
 * review), merge (forges that support it; the local forge runs a real `git merge`), close (with a
 * reason, which goes back onto the violations). Each is audited, then the PR is read back from
 * its forge so the violations move exactly as a sync would move them.
 */
import type { RepoRef } from '../forges/types.ts';
import { auditPr, getPr, updatePr, type PrRecord } from './records.ts';
import { discoverRepo } from './repo-target.ts';
import type { PrServices } from './services.ts';
import { applyStatus, type SyncSummary } from './sync.ts';

export type ActionResult =
  | { ok: true; pr: PrRecord; summary?: SyncSummary; note?: string }
  | { ok: false; code: string; message: string; hint: string };

function emptySummary(): SyncSummary {
  return { published: [], merged: [], closed: [], checksFailed: [], personPushed: [], unchanged: 0, rateLimited: [], errors: [], violations: {} };
}

async function target(services: PrServices, id: number): Promise<{ ok: true; pr: PrRecord; repo: RepoRef } | Extract<ActionResult, { ok: false }>> {
  const pr = await getPr(services.store, id);
  if (!pr) return { ok: false, code: 'not-found', message: `no pull request ${id}`, hint: 'run `sweep prs list` for the ids' };
  const repo = discoverRepo({ repo: pr.repo }, services.repos, services.cwd);
  if (!repo) return { ok: false, code: 'no-repo', message: `pull request ${id}: no repository for ${pr.repo}`, hint: 'map it under repos: in sweep.yaml' };
  return { ok: true, pr, repo };
}

export async function approvePr(services: PrServices, id: number): Promise<ActionResult> {
  const found = await target(services, id);
  if (!found.ok) return found;
  const { pr, repo } = found;
  if (pr.approval !== 'pending') {
    return { ok: false, code: 'not-awaiting-approval', message: `pull request ${id} is ${pr.approval === 'approved' ? 'already approved' : 'not awaiting approval'}`, hint: 'nothing to do' };
  }
  if (pr.state === 'merged' || pr.state === 'closed') return { ok: false, code: 'not-open', message: `pull request ${id} is ${pr.state}`, hint: 'nothing to approve' };
  const now = services.now();
  if (pr.state === 'open' && pr.number !== null) {
    const forge = await services.forge(repo.forge);
    const ready = await forge.markReady(repo, pr.number);
    if (!ready.ok) return { ok: false, code: ready.code, message: ready.message, hint: ready.hint };
  }
  // A scheduled PR opens ready for review when its slot comes.
  await updatePr(services.store, id, { approval: 'approved', approvedBy: services.actor, approvedAt: now, draft: false });
  await auditPr(services.store, services.actor, 'pr.approve', pr);
  return { ok: true, pr: (await getPr(services.store, id)) ?? pr };
}

export async function mergePr(services: PrServices, id: number): Promise<ActionResult> {
  const found = await target(services, id);
  if (!found.ok) return found;
  const { pr, repo } = found;
  if (pr.state !== 'open' || pr.number === null) return { ok: false, code: 'not-open', message: `pull request ${id} is ${pr.state}`, hint: pr.state === 'scheduled' ? `it opens ${pr.scheduledFor?.toISOString() ?? 'at the next sync'}` : 'nothing to merge' };
  if (pr.approval === 'pending') return { ok: false, code: 'not-approved', message: `pull request ${id} is a draft awaiting approval`, hint: `run \`sweep prs approve ${id}\` first` };
  const forge = await services.forge(repo.forge);
  if (!forge.mergePr) return { ok: false, code: 'unsupported', message: `the ${repo.forge} forge does not merge from sweep`, hint: 'merge it on the forge; `sweep prs sync` picks it up' };
  const merged = await forge.mergePr(repo, pr.number, { name: services.actor, email: services.author.email });
  if (!merged.ok) return { ok: false, code: merged.code, message: merged.message, hint: merged.hint };
  await auditPr(services.store, services.actor, 'pr.merge', pr, { sha: merged.sha });
  return readBack(services, repo, pr, `merged as ${merged.sha.slice(0, 7)}`);
}

export async function closePr(services: PrServices, id: number, reason: string): Promise<ActionResult> {
  const found = await target(services, id);
  if (!found.ok) return found;
  const { pr, repo } = found;
  if (pr.state === 'merged' || pr.state === 'closed') return { ok: false, code: 'not-open', message: `pull request ${id} is ${pr.state}`, hint: 'nothing to close' };
  const full = `${reason} (closed by ${services.actor})`;
  if (pr.state === 'open' && pr.number !== null) {
    const forge = await services.forge(repo.forge);
    const closed = await forge.closePr(repo, pr.number, full);
    if (!closed.ok) return { ok: false, code: closed.code, message: closed.message, hint: closed.hint };
    await auditPr(services.store, services.actor, 'pr.close', pr, { reason: full });
    return readBack(services, repo, pr, 'closed', full);
  }
  // Never reached the forge: close the record and hand the violations back the same way.
  await auditPr(services.store, services.actor, 'pr.close', pr, { reason: full });
  const summary = emptySummary();
  await applyStatus(services, repo, pr, { number: 0, url: '', state: 'closed', draft: pr.draft, title: pr.title, body: pr.body, labels: pr.labels, headSha: '', closedReason: full, checks: { state: 'none', runs: [] } }, summary);
  return { ok: true, pr: (await getPr(services.store, id)) ?? pr, summary };
}

async function readBack(services: PrServices, repo: RepoRef, pr: PrRecord, note: string, reason?: string): Promise<ActionResult> {
  const forge = await services.forge(repo.forge);
  const status = await forge.readPr(repo, pr.number ?? 0);
  const summary = emptySummary();
  if (status.ok) await applyStatus(services, repo, pr, reason && !status.closedReason ? { ...status, closedReason: reason } : status, summary);
  return { ok: true, pr: (await getPr(services.store, pr.id)) ?? pr, summary, note };
}

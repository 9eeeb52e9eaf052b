/**
 * Publishing a batch: the one routine behind the `open-pr` job, scheduled PRs opening, and
 * `sweep prs sync --refresh`. For the batch's branch (`sweep/<policy>/<stack>`) it
 *
 * 1. never touches a branch a person has pushed to (a commit not authored by sweep): the PR is left
 *    alone for good and new fixes of the batch go to `needs_human` saying why;
 * 2. regenerates, never rebases: a fix made on an older base than the forge's current one has its
 *    violations re-queued as a new remediation run (fixed and verified again on the new base); the
 *    branch carries only fixes made on the current base;
 * 3. builds one commit per fix group on the current base (`git apply --cached`, no working tree);
 * 4. skips everything when title, body, labels, base and patches are unchanged (the fingerprint);
 * 5. applies the creation limits to a PR not yet on the forge (held PRs are `scheduled`, with the
 *    time they will open and a delayed sync job for then) and the approval mode (drafts);
 * 6. opens or updates the PR, links the violations, and writes the audit log.
 *
 * Expected failures come back as outcomes; a lease on the PR row keeps two workers apart.
 */
import { relative } from 'node:path';
import type { ApprovalMode } from '../config/file.ts';
import { git } from '../forges/local/git.ts';
import { prFingerprint, renderPr } from '../forges/pr-body.ts';
import type { ForgeFailure, RepoRef } from '../forges/types.ts';
import { findProgramDir } from '../remediation/checkout.ts';
import { branchFor } from '../remediation/plan.ts';
import { createRun } from '../remediation/runs.ts';
import { decideApproval, type ApprovalDecision } from './approval.ts';
import { inFlight, loadBatch, type BatchContent, type BatchFix } from './batch.ts';
import { buildCommits } from './commits.ts';
import { releaseSlot, reserveSlot, type PrLimits } from './limits.ts';
import { acquireLease, auditPr, ensurePrRecord, findLivePr, linkViolations, moveViolations, releaseLease, updatePr, type PrRecord } from './records.ts';
import { discoverRepo } from './repo-target.ts';
import { classifyRisk } from './risk.ts';
import type { PrServices } from './services.ts';

export type PublishOutcome =
  | { action: 'nothing'; batchKey: string }
  | { action: 'opened' | 'updated' | 'unchanged'; prId: number; number: number; url: string; draft: boolean; violations: number }
  | { action: 'scheduled'; prId: number; heldBy: string; until: Date; detail: string }
  | { action: 'regenerating'; prId: number; runId?: number; fixes: number }
  | { action: 'closed'; prId: number; reason: string }
  | { action: 'skipped'; prId?: number; code: 'no-repo' | 'busy' | 'pushed-by-person'; reason: string }
  | { action: 'failed'; prId: number; code: string; message: string; hint: string };

export interface PublishInput {
  batchKey: string;
  /** The run asking (its options carry `approval` and `prLimits`). */
  runId?: number;
}

interface RunOptions {
  approval?: ApprovalMode;
  prLimits?: Partial<PrLimits>;
  [key: string]: unknown;
}

async function runOptions(services: PrServices, runId: number | undefined | null): Promise<RunOptions> {
  if (!runId) return {};
  const [row] = await services.store.query<{ options: RunOptions }>('select options from remediation_runs where id = $1', [runId]);
  return row?.options ?? {};
}

export async function publishBatch(services: PrServices, input: PublishInput): Promise<PublishOutcome> {
  const { store } = services;
  let batch = await loadBatch(store, input.batchKey);
  const repo = discoverRepo({ repo: batch.repo }, services.repos, services.cwd);
  if (!repo) {
    const reason = `no repository for ${batch.repo}: map it under repos: in sweep.yaml (path, and forge when not local)`;
    await moveViolations(store, { fixIds: batch.fixes.map((f) => f.fixId) }, ['fix_proposed'], 'needs_human', services.actor, reason);
    return { action: 'skipped', code: 'no-repo', reason };
  }
  const branch = branchFor({ policyId: batch.policyId, stack: batch.stack });
  const existing = await findLivePr(store, repo.forge, repo.name, branch);
  if (!existing && batch.fixes.length === 0) return { action: 'nothing', batchKey: input.batchKey };
  const record = existing ?? (await ensurePrRecord(store, { forge: repo.forge, repo: repo.name, branch, batchKey: input.batchKey, runId: input.runId }));
  if (!(await acquireLease(store, record.id, services.now()))) {
    return { action: 'skipped', prId: record.id, code: 'busy', reason: `another worker is writing ${branch}` };
  }
  try {
    // A patch that conflicts with an earlier commit of the batch leaves; the rest is published.
    for (let round = 0; ; round++) {
      const outcome = await publishLeased(services, batch, repo, branch, record, input);
      if (outcome !== 'retry' || round > batch.fixes.length) return outcome === 'retry' ? { action: 'nothing', batchKey: input.batchKey } : outcome;
      batch = await loadBatch(store, input.batchKey);
    }
  } finally {
    await releaseLease(store, record.id);
  }
}

async function publishLeased(services: PrServices, batch: BatchContent, repo: RepoRef, branch: string, record: PrRecord, input: PublishInput): Promise<PublishOutcome | 'retry'> {
  const { store, actor } = services;
  const now = services.now();
  const runId = input.runId ?? record.runId ?? batch.fixes.at(-1)?.runId;
  const options = await runOptions(services, runId);
  const pr = { ...record, runId: runId ?? record.runId };

  if (record.pushedByPerson) return leaveToPerson(services, batch, pr, record.pushedByPerson);
  if (batch.fixes.length === 0) return nothingLeft(services, repo, pr);

  const forge = await services.forge(repo.forge);
  const base = await forge.base(repo);
  if (!base.ok) return failed(services, pr, base);

  const stale = batch.fixes.filter((f) => f.baseSha !== base.sha);
  const fresh = batch.fixes.filter((f) => f.baseSha === base.sha);
  let regeneration: number | undefined;
  if (stale.length > 0) {
    const regen = await regenerate(services, repo, pr, base, stale);
    if (!regen.ok) return failed(services, pr, regen);
    regeneration = regen.runId;
  }
  if (fresh.length === 0) {
    if (pr.state !== 'open') await updatePr(store, pr.id, { heldBy: 'regenerating', scheduledFor: null, runId: pr.runId ?? undefined });
    return { action: 'regenerating', prId: pr.id, runId: regeneration, fixes: stale.length };
  }

  const onForge = await forge.readBranch(repo, branch, base.sha);
  if (!onForge.ok) return failed(services, pr, onForge);
  if (onForge.branch) {
    const foreign = onForge.branch.commits.find((c) => c.authorEmail.toLowerCase() !== services.author.email.toLowerCase());
    if (foreign && onForge.branch.head !== pr.headSha) {
      const who = `${foreign.authorName} <${foreign.authorEmail}>`;
      await updatePr(store, pr.id, { pushedByPerson: who, headSha: pr.number ? undefined : onForge.branch.head });
      await auditPr(store, actor, 'pr.person-pushed', pr, { commit: foreign.sha, author: who });
      return leaveToPerson(services, batch, pr, who);
    }
  }

  const freshIds = new Set(fresh.map((f) => f.fixId));
  const violations = batch.violations.filter((v) => freshIds.has(v.fixId));
  const decision = approvalFor(services, options, pr, batch, fresh, violations.map((v) => v.resourceType));
  const programDir = findProgramDir(repo.checkout, batch.iacPath);
  const rendered = renderPr({
    policy: batch.policy,
    stack: batch.stack,
    repo: repo.name,
    branch,
    baseBranch: base.branch,
    forge: repo.forge,
    violations,
    controls: batch.controls,
    fixes: fresh,
    awaitingApproval: decision.approval === 'pending' ? decision.reason : undefined,
    programDir: programDir ? relative(repo.checkout, programDir) : undefined,
    checkout: repo.checkout,
  });
  const labels = services.settings.labels;
  const fingerprint = prFingerprint({ title: rendered.title, body: rendered.body, labels, baseSha: base.sha, patches: fresh.map((f) => f.patch) });
  const content = {
    title: rendered.title,
    body: rendered.body,
    draft: decision.draft,
    approval: decision.approval,
    approvalReason: decision.reason ?? null,
    labels,
    fixIds: fresh.map((f) => f.fixId),
    baseBranch: base.branch,
    runId: pr.runId ?? undefined,
  };

  if (pr.state === 'open' && pr.number !== null && pr.fingerprint === fingerprint && onForge.branch?.head === pr.headSha) {
    await linkViolations(store, pr.id, content.fixIds);
    await updatePr(store, pr.id, { syncedAt: now, heldBy: null, scheduledFor: null });
    return { action: 'unchanged', prId: pr.id, number: pr.number, url: pr.url ?? '', draft: pr.draft, violations: violations.length };
  }

  if (pr.number === null && pr.openedAt === null) {
    const limits = { ...services.settings.limits, ...options.prLimits };
    const slot = await reserveSlot(store, { prId: pr.id, forge: repo.forge, repo: repo.name, limits, now, recheckMs: services.settings.syncEveryMinutes * 60_000 });
    if (!slot.ok) {
      await updatePr(store, pr.id, { ...content, state: 'scheduled', heldBy: slot.heldBy, scheduledFor: slot.until, lastError: null });
      await linkViolations(store, pr.id, content.fixIds);
      await services.queue?.syncAt(slot.until);
      await auditPr(store, actor, 'pr.schedule', pr, { heldBy: slot.heldBy, until: slot.until.toISOString(), detail: slot.detail });
      return { action: 'scheduled', prId: pr.id, heldBy: slot.heldBy, until: slot.until, detail: slot.detail };
    }
  }

  const built = await buildCommits(
    repo.checkout,
    base.sha,
    fresh.map((fix, index) => ({ fixId: fix.fixId, patch: fix.patch, message: commitMessage(batch, fix, index, fresh.length, violations) })),
    { withContent: repo.forge !== 'local' },
  );
  if (!built.ok) {
    const reason = `its verified patch does not apply after the other fixes on ${branch} (${built.detail.split('\n')[0]}); it is fixed again once that PR merges`;
    await moveViolations(store, { fixIds: [built.fixId] }, ['fix_proposed'], 'needs_human', actor, reason);
    return 'retry';
  }

  let number = pr.number;
  let url = pr.url;
  if (number === null) {
    // A previous attempt may have opened the PR and died before recording it.
    const found = await forge.findOpenPr(repo, branch);
    if (!found.ok) return failed(services, pr, found);
    if (found.pr) ({ number, url } = found.pr);
  }
  const written = await forge.writeBranch(repo, { branch, baseSha: base.sha, commits: built.commits, expectedHead: onForge.branch?.head ?? null, author: services.author });
  if (!written.ok) return failed(services, pr, written);

  let action: 'opened' | 'updated';
  if (number !== null) {
    const updated = await forge.updatePr(repo, number, { title: content.title, body: content.body, labels });
    if (!updated.ok) return failed(services, pr, updated);
    action = 'updated';
  } else {
    const opened = await forge.openPr(repo, { branch, base: base.branch, title: content.title, body: content.body, draft: content.draft, labels });
    if (!opened.ok) return failed(services, pr, opened);
    ({ number, url } = opened);
    action = 'opened';
  }
  // An already open PR keeps its draft state: only approval (or a person on the forge) changes it.
  const draft = action === 'opened' ? content.draft : pr.draft;
  await updatePr(store, pr.id, {
    ...content,
    draft,
    state: 'open',
    number,
    url: url ?? undefined,
    fingerprint,
    headSha: written.head,
    baseSha: base.sha,
    heldBy: null,
    scheduledFor: null,
    lastError: null,
    openedAt: pr.openedAt ?? now,
    syncedAt: now,
  });
  await linkViolations(store, pr.id, content.fixIds);
  await auditPr(store, actor, action === 'opened' ? 'pr.open' : 'pr.update', { ...pr, number }, {
    violations: violations.length,
    fixes: content.fixIds,
    draft,
    approval: content.approval,
    head: written.head,
    base: base.sha,
    regenerating: regeneration,
    omitted: rendered.omitted,
  });
  return { action, prId: pr.id, number: number ?? 0, url: url ?? '', draft, violations: violations.length };
}

function approvalFor(services: PrServices, options: RunOptions, pr: PrRecord, batch: BatchContent, fresh: BatchFix[], types: string[]): ApprovalDecision {
  if (pr.approval === 'approved') return { draft: false, approval: 'approved' };
  if (pr.state === 'open' && pr.number !== null) return { draft: pr.draft, approval: pr.approval, reason: pr.approvalReason ?? undefined };
  const propertyDiff = Object.assign({}, ...fresh.map((f) => f.propertyDiff)) as BatchFix['propertyDiff'];
  const risks = classifyRisk({ policyId: batch.policyId, resourceTypes: [...new Set(types)], propertyDiff });
  return decideApproval(options.approval ?? services.settings.approval, risks);
}

function commitMessage(batch: BatchContent, fix: BatchFix, index: number, total: number, violations: BatchContent['violations']): string {
  const mine = violations.filter((v) => v.fixId === fix.fixId);
  const names = mine.slice(0, 10).map((v) => v.resourceName).join(', ') + (mine.length > 10 ? `, … (${mine.length - 10} more)` : '');
  return [
    `fix(${batch.policyId}): ${batch.policy.title} in ${batch.stack}${total > 1 ? ` [${index + 1}/${total}]` : ''}`,
    '',
    `Fixes ${mine.length} violation${mine.length === 1 ? '' : 's'}: ${names}`,
    `Verified by ${fix.strategy}: ${fix.layers.map((l) => `${l.layer} ${l.ok ? 'ok' : 'failed'}`).join(', ')}`,
    '',
    `Sweep-Fix: ${fix.fixId}`,
    `Sweep-Run: ${fix.runId}`,
  ].join('\n');
}

/** The branch is a person's now: nothing of sweep's goes on it; new fixes wait for a person. */
async function leaveToPerson(services: PrServices, batch: BatchContent, pr: PrRecord, who: string): Promise<PublishOutcome> {
  const onBranch = new Set(pr.fixIds);
  const newFixes = batch.fixes.filter((f) => !onBranch.has(f.fixId)).map((f) => f.fixId);
  const reason = `${pr.branch} has commits by ${who}; sweep never touches a branch a person has pushed to — merge or close ${pr.number ? `PR #${pr.number}` : 'it'}, then assign these again`;
  await moveViolations(services.store, { fixIds: newFixes }, ['fix_proposed'], 'needs_human', services.actor, reason);
  return { action: 'skipped', prId: pr.id, code: 'pushed-by-person', reason };
}

/** No verified fix is waiting for this branch any more: close the PR unless a regeneration is on its way. */
async function nothingLeft(services: PrServices, repo: RepoRef, pr: PrRecord): Promise<PublishOutcome> {
  const { store, actor } = services;
  if ((await inFlight(store, pr.id)) > 0) return { action: 'regenerating', prId: pr.id, fixes: 0 };
  const reason = 'no verified fix is left for this batch (its violations were resolved, re-fixed or handed to a person)';
  if (pr.state === 'open' && pr.number !== null) {
    const forge = await services.forge(repo.forge);
    const closed = await forge.closePr(repo, pr.number, reason);
    if (!closed.ok && closed.code !== 'not-open') return failed(services, pr, closed);
  }
  await updatePr(store, pr.id, { state: 'closed', closedReason: reason, closedAt: services.now(), heldBy: null, scheduledFor: null });
  await auditPr(store, actor, 'pr.close', pr, { reason });
  return { action: 'closed', prId: pr.id, reason };
}

type RegenFailure = Omit<ForgeFailure, 'code'> & { code: string };

/**
 * Re-queues the violations of fixes made on an older base as a new run, so they are fixed and
 * verified again on the current base. Only when the checkout sweep fixes in is at that base:
 * otherwise the new fix would be made on the same old commit again.
 */
async function regenerate(services: PrServices, repo: RepoRef, pr: PrRecord, base: { branch: string; sha: string }, stale: BatchFix[]): Promise<{ ok: true; runId?: number } | RegenFailure> {
  const { store, actor } = services;
  const head = await git(repo.checkout, ['rev-parse', 'HEAD']).catch(() => '');
  if (head !== base.sha) {
    return {
      ok: false,
      code: 'checkout-behind',
      message: `${stale.length} fix(es) were made on an older base; the checkout ${repo.checkout} is at ${head.slice(0, 7) || '(unknown)'} but ${base.branch} is at ${base.sha.slice(0, 7)}`,
      hint: `update the checkout to ${base.branch} (git pull); sweep regenerates the fixes on the next sync`,
    };
  }
  if (!services.queue) {
    return { ok: false, code: 'no-queue', message: `${stale.length} fix(es) need regenerating on ${base.sha.slice(0, 7)}`, hint: 'run `sweep worker` (regeneration is queued work)' };
  }
  const fixIds = stale.map((f) => f.fixId);
  const ids = (await store.query<{ id: number | string }>(`select id from violations where fix_id = any($1::bigint[]) and status = 'fix_proposed'`, [fixIds])).map((r) => Number(r.id));
  const from = [...new Set(stale.map((f) => (f.baseSha ?? 'unknown').slice(0, 7)))].join(', ');
  await moveViolations(store, { fixIds }, ['fix_proposed'], 'assigned', actor, `base ${base.branch} moved to ${base.sha.slice(0, 7)} since the fix was made on ${from}: regenerating (stale fixes are never rebased)`);
  await linkViolations(store, pr.id, fixIds, ['assigned']);
  const origin = await runOptions(services, stale[0].runId);
  const run = await createRun(store, { filter: { ids }, actor, options: { ...origin, regenerates: fixIds, pullRequest: pr.id } });
  if (run.groups > 0) await services.queue.enqueueRun(run.runId, run.batches);
  await auditPr(store, actor, 'pr.regenerate', pr, { staleFixes: fixIds, base: base.sha, regenerationRun: run.runId, violations: ids.length });
  return { ok: true, runId: run.runId };
}

/** A forge refusal: rate limits schedule the PR for when the forge says; anything else is recorded. */
async function failed(services: PrServices, pr: PrRecord, failure: ForgeFailure | RegenFailure): Promise<PublishOutcome> {
  const { store, actor } = services;
  await releaseSlot(store, pr.id);
  const detail = `${failure.code}: ${failure.message} (${failure.hint})`;
  if (failure.code === 'rate-limited' && failure.retryAt) {
    await updatePr(store, pr.id, { state: pr.number !== null ? pr.state : 'scheduled', heldBy: 'forge-rate-limit', scheduledFor: failure.retryAt, lastError: detail });
    await services.queue?.syncAt(failure.retryAt);
    await auditPr(store, actor, 'pr.rate-limited', pr, { retryAt: failure.retryAt.toISOString(), message: failure.message });
    return { action: 'scheduled', prId: pr.id, heldBy: 'forge-rate-limit', until: failure.retryAt, detail: failure.message };
  }
  await updatePr(store, pr.id, { state: pr.number !== null ? pr.state : 'error', lastError: detail });
  await auditPr(store, actor, 'pr.error', pr, { code: failure.code, message: failure.message, hint: failure.hint });
  return { action: 'failed', prId: pr.id, code: failure.code, message: failure.message, hint: failure.hint };
}

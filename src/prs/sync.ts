/**
 * The `sync-prs` job (scheduled, and `sweep prs sync`): opens scheduled PRs whose time has come,
 * then reads every open PR from its forge and moves the violations it carries:
 *
 * - merged → `fix_merged` (a later scan that no longer sees them resolves them; one that still
 *   does keeps them open under the same fingerprint);
 * - closed without merging → back to `open`, with the reason;
 * - still open → draft state, head and check runs recorded on the PR (failing checks are logged);
 *   a head moved by someone other than sweep marks the branch as a person's.
 *
 * A rate-limited forge is left for the next round; the other forges carry on.
 */
import type { PrStatus, RepoRef } from '../forges/types.ts';
import { publishBatch, type PublishOutcome } from './publish.ts';
import { auditPr, getPr, listPrs, moveViolations, updatePr, type PrRecord } from './records.ts';
import { discoverRepo } from './repo-target.ts';
import type { PrServices } from './services.ts';

export interface SyncOptions {
  /** Only these PRs. */
  prIds?: number[];
  /** Also rebuild open PRs whose base moved (regenerating their fixes). */
  refresh?: boolean;
}

export interface SyncSummary {
  published: { prId: number; action: PublishOutcome['action'] }[];
  merged: number[];
  closed: number[];
  checksFailed: number[];
  personPushed: number[];
  unchanged: number;
  rateLimited: string[];
  errors: { prId: number; message: string }[];
  /** Violations moved, by target status. */
  violations: Record<string, number>;
}

export async function syncPullRequests(services: PrServices, options: SyncOptions = {}): Promise<SyncSummary> {
  const summary: SyncSummary = { published: [], merged: [], closed: [], checksFailed: [], personPushed: [], unchanged: 0, rateLimited: [], errors: [], violations: {} };
  const now = services.now();
  const live = await listPrs(services.store, { states: ['scheduled', 'open', 'error'], ids: options.prIds });

  // Due first, in id order: PRs held longest get the free slots first.
  // A PR waiting on a regeneration is looked at too: publishing it is a no-op while its violations
  // are being re-fixed, and closes it if the regeneration left nothing to propose.
  const due = live.filter((pr) => (pr.state !== 'open' || pr.heldBy === 'forge-rate-limit') && (pr.scheduledFor === null || pr.scheduledFor <= now));
  for (const pr of due) {
    const outcome = await publishBatch(services, { batchKey: pr.batchKey, runId: pr.runId ?? undefined });
    summary.published.push({ prId: pr.id, action: outcome.action });
  }

  const limited = new Set<string>();
  for (const stale of live.filter((pr) => pr.state === 'open' && pr.number !== null)) {
    const pr = (await getPr(services.store, stale.id)) ?? stale;
    if (pr.state !== 'open' || pr.number === null) continue;
    if (limited.has(pr.forge)) continue;
    const repo = discoverRepo({ repo: pr.repo }, services.repos, services.cwd);
    if (!repo) {
      summary.errors.push({ prId: pr.id, message: `no repository for ${pr.repo} in sweep.yaml` });
      continue;
    }
    const forge = await services.forge(repo.forge);
    const status = await forge.readPr(repo, pr.number);
    if (!status.ok) {
      if (status.code === 'rate-limited') {
        limited.add(pr.forge);
        summary.rateLimited.push(pr.forge);
        if (status.retryAt) await services.queue?.syncAt(status.retryAt);
      } else {
        summary.errors.push({ prId: pr.id, message: `${status.code}: ${status.message}` });
        await updatePr(services.store, pr.id, { lastError: `${status.code}: ${status.message} (${status.hint})`, syncedAt: now });
      }
      continue;
    }
    await applyStatus(services, repo, pr, status, summary, options);
  }
  return summary;
}

/** Applies one forge reading to the record and its violations. Shared with `sweep prs merge|close`. */
export async function applyStatus(services: PrServices, repo: RepoRef, pr: PrRecord, status: PrStatus, summary: SyncSummary, options: SyncOptions = {}): Promise<void> {
  const { store, actor } = services;
  const now = services.now();
  const count = (to: string, n: number) => (summary.violations[to] = (summary.violations[to] ?? 0) + n);
  if (status.state === 'merged') {
    await updatePr(store, pr.id, { state: 'merged', mergedAt: status.mergedAt ?? now, headSha: status.headSha || undefined, syncedAt: now });
    const moved = await moveViolations(store, { prId: pr.id }, ['fix_proposed'], 'fix_merged', actor, `PR #${pr.number} merged on ${pr.forge} (${status.url}); resolved once a scan no longer sees it`);
    count('fix_merged', moved);
    await auditPr(store, actor, 'pr.merged', pr, { violations: moved, mergedAt: (status.mergedAt ?? now).toISOString() });
    summary.merged.push(pr.id);
    return;
  }
  if (status.state === 'closed') {
    const reason = status.closedReason ?? `closed on ${pr.forge} without merging`;
    await updatePr(store, pr.id, { state: 'closed', closedAt: status.closedAt ?? now, closedReason: reason, syncedAt: now });
    const moved = await moveViolations(store, { prId: pr.id }, ['fix_proposed'], 'open', actor, `PR #${pr.number} closed without merging: ${reason}`);
    count('open', moved);
    await auditPr(store, actor, 'pr.closed', pr, { violations: moved, reason });
    summary.closed.push(pr.id);
    return;
  }

  const previous = (pr.checks as { state?: string; headSha?: string }) ?? {};
  const checks = { state: status.checks.state, runs: status.checks.runs, headSha: status.headSha, readAt: now.toISOString() };
  const failing = status.checks.runs.filter((r) => r.conclusion !== null && !['success', 'neutral', 'skipped'].includes(r.conclusion));
  if (status.checks.state === 'failure' && (previous.state !== 'failure' || previous.headSha !== status.headSha)) {
    await auditPr(store, actor, 'pr.checks-failed', pr, { head: status.headSha, failing: failing.map((r) => ({ name: r.name, conclusion: r.conclusion, url: r.url })) });
    summary.checksFailed.push(pr.id);
  }
  // Marked ready on the forge by a person: that is an approval.
  const readied = pr.draft && !status.draft;
  await updatePr(store, pr.id, {
    checks,
    draft: status.draft,
    ...(readied && pr.approval === 'pending' ? { approval: 'approved' as const, approvedBy: `${pr.forge}:ready-for-review`, approvedAt: now } : {}),
    lastError: status.checks.state === 'failure' ? `checks failing on ${status.headSha.slice(0, 7)}: ${failing.map((r) => r.name).join(', ')}` : null,
    syncedAt: now,
  });
  if (readied) await auditPr(store, actor, 'pr.ready', pr, { by: 'forge' });

  if (status.headSha && pr.headSha && status.headSha !== pr.headSha && !pr.pushedByPerson) {
    const forge = await services.forge(repo.forge);
    const base = await forge.base(repo);
    const branch = base.ok ? await forge.readBranch(repo, pr.branch, base.sha) : undefined;
    const foreign = branch?.ok ? branch.branch?.commits.find((c) => c.authorEmail.toLowerCase() !== services.author.email.toLowerCase()) : undefined;
    if (foreign) {
      const who = `${foreign.authorName} <${foreign.authorEmail}>`;
      await updatePr(store, pr.id, { pushedByPerson: who });
      await auditPr(store, actor, 'pr.person-pushed', pr, { commit: foreign.sha, author: who });
      summary.personPushed.push(pr.id);
      return;
    }
  }
  if (options.refresh && !pr.pushedByPerson) {
    const forge = await services.forge(repo.forge);
    const base = await forge.base(repo);
    if (base.ok && base.sha !== pr.baseSha) {
      const outcome = await publishBatch(services, { batchKey: pr.batchKey, runId: pr.runId ?? undefined });
      summary.published.push({ prId: pr.id, action: outcome.action });
      return;
    }
  }
  summary.unchanged++;
}

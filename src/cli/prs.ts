/**
 * `sweep prs`: the pull requests sweep opened (or holds until a limit frees), and what a person
 * does with them: list, show, approve (drafts awaiting approval), merge / close (the local forge
 * merges with a real `git merge`), sync (read states from the forges now).
 */
import type { Command } from 'commander';
import { loadConfigFile } from '../config/file.ts';
import type { Store } from '../db/store.ts';
import { SweepError, usageError } from '../errors.ts';
import { approvePr, closePr, mergePr, type ActionResult } from '../prs/actions.ts';
import { createPrQueue } from '../prs/queue.ts';
import { buildPrServices, type PrServices } from '../prs/services.ts';
import { syncPullRequests } from '../prs/sync.ts';
import { listPrViews, showPr, type PrView } from '../prs/views.ts';
import { openQueueRuntime } from '../queue/runtime.ts';
import type { CliContext } from './context.ts';
import { collect, oneOf, positiveInt } from './options.ts';
import { formatTable } from './table.ts';

const STATES = ['scheduled', 'open', 'merged', 'closed', 'error'] as const;

async function withServices<T>(context: CliContext, fn: (services: PrServices, store: Store) => Promise<T>, options: { queue?: boolean } = {}): Promise<T> {
  const config = context.config();
  const file = loadConfigFile(context.io.cwd, config.configFile, config.home);
  return context.withStore(async (store) => {
    const services = buildPrServices({ store, file, env: context.io.env, githubToken: config.githubToken, cwd: context.io.cwd, actor: config.actor });
    if (!options.queue) return fn(services, store);
    const runtime = await openQueueRuntime({ redisUrl: config.redisUrl, databaseUrl: config.databaseUrl, store, prefix: config.queuePrefix });
    try {
      return await fn({ ...services, queue: createPrQueue(runtime) }, store);
    } finally {
      await runtime.close();
    }
  });
}

function when(pr: PrView): string {
  if (pr.state === 'scheduled') return pr.scheduledFor ? `opens ${pr.scheduledFor} (${pr.heldBy ?? 'held'})` : `waiting (${pr.heldBy ?? 'next sync'})`;
  if (pr.state === 'merged') return `merged ${pr.mergedAt ?? ''}`;
  if (pr.state === 'closed') return `closed ${pr.closedAt ?? ''}`;
  if (pr.state === 'error') return pr.lastError ?? 'error';
  return `opened ${pr.openedAt ?? ''}`;
}

function counts(v: Record<string, number>): string {
  return Object.entries(v).map(([status, n]) => `${n} ${status}`).join(', ') || '-';
}

function check(result: ActionResult): Extract<ActionResult, { ok: true }> {
  if (!result.ok) throw new SweepError(result.code, result.message, { hint: result.hint, exitCode: result.code === 'not-found' ? 2 : 1 });
  return result;
}

const idArg = (value: string) => positiveInt('<id>', value);

export function registerPrs(program: Command, context: CliContext): void {
  const prs = program.command('prs').description('pull requests sweep opened or scheduled: list, show, approve, merge, close, sync');

  prs
    .command('list', { isDefault: true })
    .description('pull requests, newest last')
    .option('--state <state...>', `one or more of ${STATES.join(', ')}`, collect)
    .option('--run <id>', 'only PRs last written by this remediation run')
    .option('--json', 'machine-readable output')
    .action(async (flags: { state?: string[]; run?: string; json?: boolean }) => {
      for (const s of flags.state ?? []) oneOf('--state', STATES, s);
      const views = await context.withStore((store) => listPrViews(store, { states: flags.state, runId: flags.run === undefined ? undefined : positiveInt('--run', flags.run) }));
      if (flags.json) return context.printJson({ prs: views });
      context.print(
        formatTable(
          ['ID', 'STATE', 'DRAFT', 'FORGE', '#', 'BRANCH', 'VIOLATIONS', 'WHEN'],
          views.map((pr) => [String(pr.id), pr.state, pr.draft ? (pr.approval === 'pending' ? 'awaiting approval' : 'draft') : '-', pr.forge, pr.number === null ? '-' : String(pr.number), pr.branch, counts(pr.violations), when(pr)]),
          70,
        ),
      );
      context.print(`${views.length} pull requests`);
    });

  prs
    .command('show <id>')
    .description('one pull request: state, approval, checks, violations, body, audit trail')
    .option('--json', 'machine-readable output')
    .action(async (id: string, flags: { json?: boolean }) => {
      const pr = await context.withStore((store) => showPr(store, idArg(id)));
      if (!pr) throw usageError(`no pull request ${id}`, 'run `sweep prs list` for the ids');
      if (flags.json) return context.printJson({ pr });
      context.print(`pull request ${pr.id}: ${pr.title}`);
      context.print(`  ${pr.state}${pr.draft ? ' (draft)' : ''} on ${pr.forge}${pr.number === null ? '' : ` #${pr.number}`}  ${pr.url ?? ''}`);
      context.print(`  branch ${pr.branch} (head ${pr.headSha?.slice(0, 7) ?? '-'}, base ${pr.baseSha?.slice(0, 7) ?? '-'}), ${pr.fixIds.length} commit(s), run ${pr.run ?? '-'}`);
      context.print(`  approval: ${pr.approval}${pr.approvalReason ? ` (${pr.approvalReason})` : ''}`);
      context.print(`  ${when(pr)}`);
      if (pr.pushedByPerson) context.print(`  a person pushed to the branch (${pr.pushedByPerson}): sweep leaves it alone`);
      const checks = pr.checks as { state?: string; runs?: { name: string; conclusion: string | null }[] };
      if (checks.state) context.print(`  checks: ${checks.state}${checks.runs?.length ? ` (${checks.runs.map((r) => `${r.name}: ${r.conclusion ?? 'pending'}`).join(', ')})` : ''}`);
      if (pr.lastError) context.print(`  last error: ${pr.lastError}`);
      context.print('');
      context.print(formatTable(['VIOLATION', 'STATUS', 'SEVERITY', 'POLICY', 'RESOURCE'], pr.violationList.map((v) => [String(v.id), v.status, v.severity, v.policy, v.resource]), 90));
      context.print('');
      context.print(pr.body);
      context.print('');
      context.print(formatTable(['AT', 'ACTOR', 'ACTION'], pr.audit.map((a) => [a.at, a.actor, a.action])));
    });

  prs
    .command('approve <id...>')
    .description('approve drafts awaiting approval: they become ready for review (manual / balanced modes)')
    .action(async (ids: string[]) => {
      await withServices(context, async (services) => {
        for (const id of ids) {
          const result = check(await approvePr(services, idArg(id)));
          context.print(`pull request ${id} approved: ${result.pr.state === 'open' ? 'ready for review' : 'opens ready for review when its slot comes'}`);
        }
      });
    });

  prs
    .command('merge <id>')
    .description('merge a pull request (the local forge runs `git merge --no-ff` into the base branch); its violations become fix_merged')
    .action(async (id: string) => {
      await withServices(context, async (services) => {
        const result = check(await mergePr(services, idArg(id)));
        context.print(`pull request ${id} ${result.note ?? 'merged'} into ${result.pr.baseBranch ?? 'its base'}; ${result.summary?.violations.fix_merged ?? 0} violations fix_merged (a rescan resolves them)`);
      });
    });

  prs
    .command('close <id>')
    .description('close a pull request without merging; its violations go back to open with the reason')
    .option('--reason <text>', 'why (recorded on the PR and on every violation)', 'closed by a person')
    .action(async (id: string, flags: { reason: string }) => {
      await withServices(context, async (services) => {
        const result = check(await closePr(services, idArg(id), flags.reason));
        context.print(`pull request ${id} closed; ${result.summary?.violations.open ?? 0} violations back to open`);
      });
    });

  prs
    .command('sync')
    .description('open scheduled PRs that are due and read every open PR from its forge (merged → fix_merged, closed → open)')
    .option('--refresh', 'also rebuild open PRs whose base moved (their fixes are regenerated on the new base)')
    .option('--json', 'machine-readable output')
    .action(async (flags: { refresh?: boolean; json?: boolean }) => {
      const summary = await withServices(context, (services) => syncPullRequests(services, { refresh: flags.refresh }), { queue: true });
      if (flags.json) return context.printJson({ sync: summary });
      const list = (ids: number[]) => (ids.length ? ids.join(', ') : 'none');
      context.print(`sync: merged ${list(summary.merged)}; closed ${list(summary.closed)}; checks failing ${list(summary.checksFailed)}; unchanged ${summary.unchanged}`);
      if (summary.published.length) context.print(`published: ${summary.published.map((p) => `${p.prId} ${p.action}`).join(', ')}`);
      if (summary.personPushed.length) context.print(`pushed to by a person (left alone): ${list(summary.personPushed)}`);
      if (summary.rateLimited.length) context.print(`rate-limited, retried later: ${[...new Set(summary.rateLimited)].join(', ')}`);
      for (const error of summary.errors) context.print(`pull request ${error.prId}: ${error.message}`);
      const moved = Object.entries(summary.violations).map(([status, n]) => `${n} → ${status}`).join(', ');
      if (moved) context.print(`violations: ${moved}`);
    });
}

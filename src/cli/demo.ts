import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { catalogs, rules } from '../../policies/index.ts';
import { createDemoEstate } from '../demo/estate.ts';
import { syncLibrary } from '../engine/library.ts';
import { runScan } from '../engine/scan.ts';
import { sourceRegistry } from '../sources/index.ts';
import { summarizeBacklog } from '../violations/summary.ts';
import { assignViolations } from '../violations/assign.ts';
import { printProgress, remediateNow } from './remediate.ts';
import { resolveHome, type CliContext } from './context.ts';
import { printScanSummary } from './scan-summary.ts';
import { listPrViews, type PrView } from '../prs/views.ts';
import { formatTable } from './table.ts';
import { serveUntilInterrupted } from './serve.ts';

function printDemoPrs(context: CliContext, prs: PrView[], repo: string): void {
  context.print('');
  const opened = prs.filter((pr) => pr.state === 'open');
  context.print(`pull requests on the local forge (${repo}): ${opened.length} open, ${opened.filter((pr) => pr.draft).length} of them drafts awaiting approval`);
  context.print(
    formatTable(
      ['ID', 'STATE', 'BRANCH', 'VIOLATIONS', 'APPROVAL'],
      prs.map((pr) => [String(pr.id), pr.draft ? `${pr.state} (draft)` : pr.state, pr.branch, String(Object.values(pr.violations).reduce((a, b) => a + b, 0)), pr.approvalReason ?? pr.approval]),
      80,
    ),
  );
  context.print(`branches: git -C ${repo} log --all --oneline --graph    PRs: sweep prs show <id> | approve <id> | merge <id>`);
}

export function registerDemo(program: Command, context: CliContext): void {
  program
    .command('demo')
    .description('create a sample estate under <home>/demo, scan it, and summarise the backlog')
    .option('--scan-only', 'stop after the scan (skip assigning to ai and remediating)')
    .option('--json', 'machine-readable output')
    .option('--serve', 'then serve the dashboard on the demo data and print its URL and an admin token (until Ctrl-C)')
    .action(async (flags: { json?: boolean; scanOnly?: boolean; serve?: boolean }) => {
      const home = resolveHome(context.io.cwd, context.config().home);
      const demoRoot = join(home, 'demo');
      context.progress('creating the demo estate (git repo + Pulumi program under mocks)...');
      const estate = await createDemoEstate(demoRoot);
      const shown = (path: string) => relative(context.io.cwd, path) || '.';
      if (!flags.json) {
        context.print(`demo estate: ${shown(estate.repoDir)} (git repo, commit ${estate.commit.slice(0, 7)}, ${estate.resources} resources)`);
        context.print(`stack export: ${shown(estate.exportPath)} (produced by running the program under Pulumi mocks)`);
        context.print('');
      }
      await context.withStore(async (store) => {
        await syncLibrary(store, rules, catalogs);
        const report = await runScan(
          { store, sources: sourceRegistry, context: { stdin: context.io.stdin, cwd: context.io.cwd } },
          {
            sources: [{ kind: 'pulumi-state', target: estate.exportPath }],
            rules,
            packs: [],
            trigger: 'manual',
            actor: context.config().actor,
          },
        );
        const backlog = await summarizeBacklog(store);
        if (!flags.json) printScanSummary(context, report, backlog);
        if (flags.scanOnly) {
          if (flags.json) context.printJson({ estate, scan: report, backlog });
          return;
        }

        // Hand the whole backlog to the remediation engine, on the embedded queue, and follow it.
        const assigned = await assignViolations(store, { status: ['open', 'assigned', 'needs_human', 'failed'] }, 'ai', context.config().actor, 'sweep demo');
        if (!flags.json) {
          context.print('');
          context.print(`assigned ${assigned.changed} violations to ai; remediating (fix, type-check, re-run under mocks, re-check all policies)...`);
        }
        // The demo shows every batch as a PR at once: the per-repo creation limits (meant to pace
        // reviewers over days) are off for this run; the fleet-wide rate still applies.
        const outcome = await remediateNow(context, store, { filter: {}, wait: true, quiet: flags.json, concurrency: 2, prLimits: { openPerRepo: 0, newPerHourPerRepo: 0 } });
        const prs = outcome.run ? await listPrViews(store, { runId: outcome.run }) : [];
        if (flags.json) {
          context.printJson({ estate, scan: report, backlog, remediation: outcome, prs });
          return;
        }
        if (outcome.progress) printProgress(context, outcome.progress);
        printDemoPrs(context, prs, shown(estate.repoDir));
        context.print('');
        context.print(`next: sweep remediate status ${outcome.run ?? ''}       (the run again)`.trimEnd());
        context.print('      sweep violations --status needs_human  (what a person has to look at, with the reason)');
        context.print('      sweep violations --framework pci-dss --json  (evidence for one framework)');
      });
      if (!flags.serve) return;
      // The dashboard on the demo data, until Ctrl-C; its "scan" rereads the demo's stack export.
      const config = context.config();
      const serveOptions = { port: config.port, host: config.host, defaultSources: [{ kind: 'pulumi-state', target: estate.exportPath }], adminToken: true };
      await context.withStore((store) => serveUntilInterrupted(context, store, serveOptions));
    });
}

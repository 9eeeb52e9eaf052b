import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfigFile, runnerSettings } from '../config/file.ts';
import { connectionSourceRequests, preloadConnectionLookup } from '../connections/store.ts';
import { catalogs, rules } from '../../policies/index.ts';
import { SEVERITIES } from '../../policies/rule.ts';
import { syncLibrary } from '../engine/library.ts';
import { runScan, type SourceRequest } from '../engine/scan.ts';
import { selectRules, severityRank } from '../engine/select.ts';
import { usageError } from '../errors.ts';
import { parseSourceSpec, sourceRegistry } from '../sources/index.ts';
import { OPEN_STATUSES } from '../violations/filter.ts';
import { summarizeBacklog } from '../violations/summary.ts';
import type { CliContext } from './context.ts';
import { collect, parseFrameworks, parseSeverity } from './options.ts';
import { printScanSummary } from './scan-summary.ts';

interface ScanFlags {
  source?: string[];
  connection?: string[] | boolean;
  keepGoing?: boolean;
  repo?: string;
  pack?: string[];
  policy?: string[];
  excludePolicy?: string[];
  severity?: string;
  failOn?: string;
  json?: boolean;
}

/** Exit code when `--fail-on` finds open violations at or above the threshold. */
export const FAIL_ON_EXIT_CODE = 3;

export function registerScan(program: Command, context: CliContext): void {
  program
    .command('scan')
    .description('read sources, evaluate policies, and reconcile the violations table')
    .option('--source <kind:target...>', 'pulumi-state:<file|dir|->, pulumi-program:<dir> (repeatable)', collect)
    .option('--connection [name...]', 'named live connections (`sweep connections add`); without names: all of them', collect)
    .option('--pack <framework...>', 'only rules mapped to these frameworks (repeatable)', collect)
    .option('--policy <id...>', 'only these policies', collect)
    .option('--exclude-policy <id...>', 'skip these policies', collect)
    .option('--severity <level>', `only rules at or above: ${SEVERITIES.join(', ')}`)
    .option('--fail-on <severity>', `exit ${FAIL_ON_EXIT_CODE} when open violations at or above this severity exist`)
    .option('--keep-going', 'when a source fails, still scan the others (the scan is marked partial)')
    .option('--repo <dir>', 'repository checkout IaC paths resolve in (finds the .tf file and line for Terraform state)')
    .option('--json', 'machine-readable output')
    .action(async (flags: ScanFlags) => {
      const named = Array.isArray(flags.connection) ? flags.connection : [];
      const wantsConnections = flags.connection !== undefined;
      if (!flags.source?.length && !wantsConnections) {
        throw usageError('scan needs at least one --source or --connection', 'e.g. --source pulumi-state:./stack.json, or --connection production-aws');
      }
      const fileSources: SourceRequest[] = (flags.source ?? []).map((spec) => parseSourceSpec(spec));
      const packs = parseFrameworks(flags.pack);
      const severity = flags.severity === undefined ? undefined : parseSeverity('--severity', flags.severity);
      const failOn = flags.failOn === undefined ? undefined : parseSeverity('--fail-on', flags.failOn);
      const file = loadConfigFile(context.io.cwd, context.config().configFile, context.config().home);
      const settings = runnerSettings(file, new Set(rules.map((rule) => rule.id)), file.path);
      const selected = selectRules(rules, { packs, policies: flags.policy, excludePolicies: flags.excludePolicy, severity }).filter(
        (rule) => !settings.disabled.has(rule.id),
      );
      if (selected.length === 0) throw usageError('no policy matches the selection', 'run `sweep policies` to see what exists');

      await context.withStore(async (store) => {
        const sources = [...fileSources, ...(wantsConnections ? await connectionSourceRequests(store, named) : [])];
        await syncLibrary(store, rules, catalogs);
        const report = await runScan(
          {
            store,
            sources: sourceRegistry,
            context: {
              stdin: context.io.stdin,
              cwd: context.io.cwd,
              env: context.io.env,
              repo: flags.repo === undefined ? undefined : resolve(context.io.cwd, flags.repo),
              // Preloaded: a lookup query inside the scan's transaction would wait on PGlite forever.
              connection: await preloadConnectionLookup(store),
            },
            onProgress: (p) => context.progress(`scanning ${p.source}: ${p.documents} documents, ${p.resources} resources`),
          },
          {
            sources,
            rules: selected,
            packs,
            trigger: 'manual',
            actor: context.config().actor,
            runner: { config: settings.config, scopes: settings.scopes },
            keepGoing: flags.keepGoing,
            ownership: file.ownership,
          },
        );
        const scopes = (
          await store.query<{ scope: string }>('select scope from scan_scopes where scan_id = $1', [report.scanId])
        ).map((row) => row.scope);
        const backlog = await summarizeBacklog(store, scopes);
        if (flags.json) context.printJson({ scan: report, backlog });
        else printScanSummary(context, report, backlog);

        // A partial scan is a failure for CI purposes, even though what it read has landed.
        if (report.status === 'partial') context.exitCode = 1;
        if (failOn) {
          const atOrAbove = SEVERITIES.filter((s) => severityRank(s) >= severityRank(failOn));
          const [row] = await store.query<{ n: number | string }>(
            `select count(*) as n from violations where scope = any($1::text[]) and status = any($2::text[]) and severity = any($3::text[])`,
            [scopes, OPEN_STATUSES, atOrAbove],
          );
          if (Number(row.n) > 0) {
            context.io.stderr.write(`sweep: ${Number(row.n)} open violations at or above ${failOn}\n`);
            context.exitCode = FAIL_ON_EXIT_CODE;
          }
        }
      });
    });
}

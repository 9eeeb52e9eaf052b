import type { Command } from 'commander';
import { usageError } from '../errors.ts';
import { assignViolations, previewAssignment } from '../violations/assign.ts';
import type { CliContext } from './context.ts';
import { addFilterOptions, filterFromFlags, type FilterFlags } from './options.ts';
import { formatTable } from './table.ts';

export function registerAssign(program: Command, context: CliContext): void {
  const command = program
    .command('assign')
    .description('move every violation matching the filters to an owner, or to `ai` for automated remediation');
  addFilterOptions(command)
    .requiredOption('--to <assignee>', '`ai` or an owner (person or team)')
    .option('--reason <text>', 'why, recorded on each violation event')
    .option('--dry-run', 'print how many would move and a sample, change nothing')
    .option('--json', 'machine-readable output')
    .action(async (flags: FilterFlags & { to: string; reason?: string; dryRun?: boolean; json?: boolean }) => {
      if (!/^[\w.@:+-]{1,120}$/.test(flags.to)) throw usageError(`--to "${flags.to}" is not a valid assignee`, 'use `ai` or an owner name/email');
      const filter = filterFromFlags(flags);
      await context.withStore(async (store) => {
        if (flags.dryRun) {
          const preview = await previewAssignment(store, filter);
          if (flags.json) return context.printJson({ dryRun: true, matched: preview.matched, sample: preview.sample });
          context.print(`${preview.matched} violations would be assigned to ${flags.to}; a sample:`);
          context.print(formatTable(['ID', 'SEVERITY', 'STATUS', 'POLICY', 'RESOURCE'], preview.sample.map((v) => [String(v.id), v.severity, v.status, v.policy, v.resource.name ?? v.resource.key])));
          return;
        }
        const result = await assignViolations(store, filter, flags.to, context.config().actor, flags.reason);
        if (flags.json) return context.printJson({ matched: result.matched, changed: result.changed, assignee: flags.to });
        context.print(`assigned ${result.changed} violations to ${flags.to} (${result.matched} matched; ${result.matched - result.changed} already there)`);
      });
    });
}

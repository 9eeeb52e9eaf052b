import type { Command } from 'commander';
import { listViolations } from '../violations/list.ts';
import type { CliContext } from './context.ts';
import { addFilterOptions, filterFromFlags, positiveInt, type FilterFlags } from './options.ts';
import { formatTable } from './table.ts';

export function registerViolations(program: Command, context: CliContext): void {
  const command = program.command('violations').description('list violations (most severe first)');
  addFilterOptions(command)
    .option('--limit <n>', 'at most this many rows', '100')
    .option('--json', 'machine-readable output')
    .action(async (flags: FilterFlags & { limit: string; json?: boolean }) => {
      const filter = filterFromFlags(flags);
      const limit = positiveInt('--limit', flags.limit);
      const violations = await context.withStore((store) => listViolations(store, filter, limit));
      if (flags.json) {
        context.printJson({ violations });
        return;
      }
      context.print(
        formatTable(
          ['ID', 'SEVERITY', 'STATUS', 'POLICY', 'RESOURCE', 'LOCATION'],
          violations.map((v) => [
            String(v.id),
            v.severity,
            v.status,
            v.policy,
            v.resource.name ?? v.resource.key,
            v.iac.path ? `${v.iac.path}${v.iac.line ? `:${v.iac.line}` : ''}` : '-',
          ]),
        ),
      );
      context.print(`${violations.length} violations${violations.length === limit ? ` (first ${limit}; use --limit)` : ''}`);
    });
}

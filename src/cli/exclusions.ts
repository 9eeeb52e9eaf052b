import type { Command } from 'commander';
import type { CliContext } from './context.ts';
import { collect, positiveInt } from './options.ts';
import { formatTable } from './table.ts';

interface ExclusionRow {
  scan_id: number;
  policy_id: string;
  resource_key: string;
  pattern: string;
}

export function registerExclusions(program: Command, context: CliContext): void {
  program
    .command('exclusions')
    .description("list the (policy, resource) pairs the config file's include/exclude patterns took out of a scan")
    .option('--scan <id>', 'scan id (default: the latest scan)')
    .option('--policy <id...>', 'only these policies', collect)
    .option('--limit <n>', 'at most this many rows', '100')
    .option('--json', 'machine-readable output')
    .action(async (flags: { scan?: string; policy?: string[]; limit: string; json?: boolean }) => {
      const limit = positiveInt('--limit', flags.limit);
      const scanId = flags.scan === undefined ? undefined : positiveInt('--scan', flags.scan);
      const rows = await context.withStore((store) =>
        store.query<ExclusionRow>(
          `select scan_id, policy_id, resource_key, pattern from scan_exclusions
           where scan_id = coalesce($1, (select max(id) from scans where status <> 'failed'))
             and ($2::text[] is null or policy_id = any($2::text[]))
           order by policy_id, resource_key limit ${limit}`,
          [scanId ?? null, flags.policy ?? null],
        ),
      );
      const exclusions = rows.map((r) => ({ scan: Number(r.scan_id), policy: r.policy_id, resource: r.resource_key, pattern: r.pattern }));
      if (flags.json) {
        context.printJson({ exclusions });
        return;
      }
      context.print(formatTable(['SCAN', 'POLICY', 'PATTERN', 'RESOURCE'], exclusions.map((e) => [String(e.scan), e.policy, e.pattern, e.resource])));
      context.print(`${exclusions.length} exclusions`);
    });
}

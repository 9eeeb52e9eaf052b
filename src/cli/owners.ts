import type { Command } from 'commander';
import { OPEN_STATUSES } from '../violations/filter.ts';
import type { CliContext } from './context.ts';
import { formatTable } from './table.ts';

interface OwnerRow {
  owner: string;
  open: number | string;
  overdue: number | string;
  critical: number | string;
  oldest_due: Date | null;
}

export function registerOwners(program: Command, context: CliContext): void {
  program
    .command('owners')
    .description('open and overdue (past SLA) violations per owner')
    .option('--json', 'machine-readable output')
    .action(async (flags: { json?: boolean }) => {
      const rows = await context.withStore((store) =>
        store.query<OwnerRow>(
          `select coalesce(assignee, '(unassigned)') as owner, count(*) as open,
             count(*) filter (where due_at < now()) as overdue,
             count(*) filter (where severity = 'critical') as critical,
             min(due_at) filter (where due_at < now()) as oldest_due
           from violations where status = any($1::text[]) group by 1 order by 3 desc, 2 desc`,
          [OPEN_STATUSES],
        ),
      );
      const owners = rows.map((r) => ({
        owner: r.owner,
        open: Number(r.open),
        overdue: Number(r.overdue),
        critical: Number(r.critical),
        oldestDue: r.oldest_due ? new Date(r.oldest_due).toISOString() : null,
      }));
      if (flags.json) return context.printJson({ owners });
      context.print(
        formatTable(
          ['OWNER', 'OPEN', 'OVERDUE', 'CRITICAL', 'OLDEST DUE'],
          owners.map((o) => [o.owner, String(o.open), String(o.overdue), String(o.critical), o.oldestDue?.slice(0, 10) ?? '-']),
        ),
      );
    });
}

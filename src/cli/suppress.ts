import type { Command } from 'commander';
import { usageError } from '../errors.ts';
import type { ViolationFilter } from '../violations/filter.ts';
import { suppressViolations } from '../violations/suppress.ts';
import type { CliContext } from './context.ts';
import { addFilterOptions, collect, filterFromFlags, positiveInt, type FilterFlags } from './options.ts';

interface SuppressFlags extends FilterFlags {
  id?: string[];
  reason: string;
  approvedBy: string;
  expires?: string;
  permanent?: boolean;
  json?: boolean;
}

/** `2027-03-01` means from 00:00 UTC that day (as the API reads it); a full ISO time with offset is taken as given. */
export function parseExpiry(value: string): Date {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if ((!dateOnly && !/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(value)) || Number.isNaN(date.getTime())) {
    throw usageError(`--expires "${value}" is not a date`, 'use YYYY-MM-DD (e.g. 2027-03-01) or an ISO time with offset');
  }
  return date;
}

/**
 * `sweep suppress`: accept the risk of the matching violations, on the record. The CLI acts with
 * the operator's own database credentials, i.e. as an admin: it is the one place `--permanent`
 * (no expiry) is allowed; the API insists on an expiry.
 */
export function registerSuppress(program: Command, context: CliContext): void {
  const command = program
    .command('suppress')
    .description('accept the risk of the matching violations until an expiry: reason and approver required (see `sweep suppressions`)');
  addFilterOptions(command)
    .option('--id <ids...>', 'violation ids (with or instead of filters)', collect)
    .requiredOption('--reason <text>', 'why the risk is accepted (recorded on every violation)')
    .requiredOption('--approved-by <name>', 'who approved the exception')
    .option('--expires <date>', 'when the violations reopen: YYYY-MM-DD (00:00 UTC) or an ISO time; required unless --permanent')
    .option('--permanent', 'no expiry, until revoked (admin: the CLI only)')
    .option('--json', 'machine-readable output')
    .action(async (flags: SuppressFlags) => {
      const ids = flags.id?.map((id) => positiveInt('--id', id));
      // Only the keys given: an ids-only exception is stored as its ids (suppress.ts), not as a filter.
      const filter = Object.fromEntries(
        Object.entries({ ...filterFromFlags(flags), ...(ids ? { ids } : {}) }).filter(([, value]) => value !== undefined),
      ) as ViolationFilter;
      if (Object.keys(filter).length === 0) {
        throw usageError('suppress needs at least one filter or --id', 'suppressing the whole backlog at once is never what is meant; e.g. --policy <id> --account <id>');
      }
      if (flags.reason.trim().length < 3) throw usageError('--reason must say why (at least a few words)');
      if (!/^[\w.@:+ -]{1,120}$/.test(flags.approvedBy)) throw usageError(`--approved-by "${flags.approvedBy}" is not a name or email`);
      if (flags.permanent && flags.expires !== undefined) throw usageError('give either --expires or --permanent, not both');
      if (!flags.permanent && flags.expires === undefined) throw usageError('--expires is required (or --permanent for an exception without end)', 'e.g. --expires 2027-03-01');
      const expiresAt = flags.permanent ? null : parseExpiry(flags.expires!);
      const result = await context.withStore((store) =>
        suppressViolations(store, { filter, reason: flags.reason.trim(), approvedBy: flags.approvedBy, expiresAt, actor: context.config().actor }),
      );
      if (flags.json) return context.printJson({ ...result, expiresAt: expiresAt?.toISOString() ?? null });
      if (result.suppressionId === null) return context.print('no suppressible violation matches (open, assigned, needs_human or failed); nothing suppressed');
      const until = expiresAt ? `until ${expiresAt.toISOString().slice(0, 10)}` : 'permanently';
      context.print(`suppression ${result.suppressionId}: ${result.changed} violations suppressed ${until} (approved by ${flags.approvedBy})`);
    });
}

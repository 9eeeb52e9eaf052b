import type { Command } from 'commander';
import { usageError } from '../errors.ts';
import { getSuppression, listSuppressions, revokeSuppression, suppressionNotFound, type SuppressionView } from '../violations/suppressions.ts';
import type { CliContext } from './context.ts';
import { positiveInt } from './options.ts';
import { formatTable } from './table.ts';

function scope(s: SuppressionView): string {
  if (s.violationIds) return `ids ${s.violationIds.join(',')}`;
  return Object.entries(s.filter ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`)
    .join(' ');
}

const day = (iso: string | null) => (iso === null ? 'never' : iso.slice(0, 10));

export function registerSuppressions(program: Command, context: CliContext): void {
  const command = program.command('suppressions').description('exceptions: list, show (with the violations covered), revoke');
  const idArg = (value: string) => positiveInt('<id>', value);

  command
    .command('list')
    .description('every suppression with its state (active, expired, revoked)')
    .option('--active', 'only those in force')
    .option('--json', 'machine-readable output')
    .action(async (flags: { active?: boolean; json?: boolean }) => {
      const suppressions = await context.withStore((store) => listSuppressions(store, { active: flags.active }));
      if (flags.json) return context.printJson({ suppressions });
      if (suppressions.length === 0) return context.print(flags.active ? 'no active suppressions' : 'no suppressions');
      context.print(
        formatTable(
          ['ID', 'STATE', 'EXPIRES', 'COVERED', 'APPROVED BY', 'SCOPE', 'REASON'],
          suppressions.map((s) => [String(s.id), s.state, day(s.expiresAt), String(s.covered), s.approvedBy, scope(s), s.reason]),
        ),
      );
    });

  command
    .command('show <id>')
    .description('one suppression and the violations it covers')
    .option('--limit <n>', 'at most this many violations', '1000')
    .option('--json', 'machine-readable output')
    .action(async (id: string, flags: { limit: string; json?: boolean }) => {
      const found = await context.withStore((store) => getSuppression(store, idArg(id), { limit: positiveInt('--limit', flags.limit) }));
      if (!found) throw suppressionNotFound(idArg(id));
      if (flags.json) return context.printJson(found);
      const s = found.suppression;
      context.print(`suppression ${s.id} (${s.state}): ${s.reason}`);
      context.print(`approved by ${s.approvedBy}, created by ${s.createdBy} on ${s.createdAt}, expires ${s.expiresAt ?? 'never (permanent)'}${s.revokedAt ? `, revoked ${s.revokedAt}` : ''}`);
      context.print(`scope: ${scope(s)}`);
      context.print(`covers ${s.covered} violations${s.state === 'active' ? '' : ' (its violations return to the backlog at the next scan or scheduled check, if not already)'}`);
      if (found.violations.length) {
        context.print(formatTable(['ID', 'SEVERITY', 'POLICY', 'RESOURCE'], found.violations.map((v) => [String(v.id), v.severity, v.policy, v.resource.name ?? v.resource.key])));
      }
    });

  command
    .command('revoke <id>')
    .description('end a suppression now: its violations return to open/assigned')
    .requiredOption('--reason <text>', 'why it ends early')
    .option('--json', 'machine-readable output')
    .action(async (id: string, flags: { reason: string; json?: boolean }) => {
      if (flags.reason.trim().length < 3) throw usageError('--reason must say why (at least a few words)');
      const result = await context.withStore((store) => revokeSuppression(store, { id: idArg(id), reason: flags.reason.trim(), actor: context.config().actor }));
      if (flags.json) return context.printJson({ id: idArg(id), ...result });
      context.print(`suppression ${id} revoked; ${result.released} violations back in the backlog`);
    });
}

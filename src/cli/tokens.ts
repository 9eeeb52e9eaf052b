/** `sweep tokens create|list|revoke`: API tokens for `sweep serve`. A token is printed once, at creation; only its hash is stored. */
import type { Command } from 'commander';
import { ROLES, type ApiRole } from '../server/auth/roles.ts';
import { createToken, listTokens, revokeToken } from '../server/auth/tokens.ts';
import type { CliContext } from './context.ts';
import { oneOf } from './options.ts';
import { formatTable } from './table.ts';

export function registerTokens(program: Command, context: CliContext): void {
  const tokens = program.command('tokens').description('API tokens for the dashboard and API: create, list, revoke');
  tokens
    .command('create')
    .description('create a token and print it (once)')
    .requiredOption('--name <name>', 'who or what uses it (the audit log names every write by it)')
    .requiredOption('--role <role>', `${ROLES.join(' | ')}: viewers read, operators assign/suppress/scan/remediate, admins manage tokens and connections`)
    .option('--json', 'machine-readable output')
    .action(async (flags: { name: string; role: string; json?: boolean }) => {
      const role: ApiRole = oneOf('--role', ROLES, flags.role);
      const created = await context.withStore((store) => createToken(store, { name: flags.name, role, actor: context.config().actor }));
      if (flags.json) return context.printJson(created);
      context.print(created.token);
      context.io.stderr.write(`token "${created.name}" (${created.role}) created; it is shown only now — store it somewhere safe\n`);
    });
  tokens
    .command('list')
    .description('tokens: name, role, created, last used, revoked (never the secret)')
    .option('--json', 'machine-readable output')
    .action(async (flags: { json?: boolean }) => {
      const items = await context.withStore((store) => listTokens(store));
      if (flags.json) return context.printJson({ tokens: items });
      context.print(
        formatTable(
          ['NAME', 'ROLE', 'CREATED BY', 'CREATED', 'LAST USED', 'REVOKED'],
          items.map((t) => [t.name, t.role, t.createdBy, t.createdAt.slice(0, 16), t.lastUsedAt?.slice(0, 16) ?? '-', t.revokedAt?.slice(0, 16) ?? '-']),
        ),
      );
    });
  tokens
    .command('revoke <name>')
    .description('revoke a token; its dashboard sessions end at once')
    .action(async (name: string) => {
      await context.withStore((store) => revokeToken(store, name, context.config().actor));
      context.print(`token "${name}" revoked`);
    });
}

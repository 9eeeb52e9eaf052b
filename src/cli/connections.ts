/**
 * `sweep connections add|list|remove`: named live sources for `sweep scan --connection <name>`.
 * Only non-secret settings are stored (regions, profile, context, the env file's path, the ESC
 * reference); credentials stay where they are and reach the CLI at scan time.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  CLI_KINDS,
  CONNECTION_NAME,
  MAX_NAME_LENGTH,
  SETTINGS_BY_KIND,
  connectionConfigSchema,
  type ConnectionConfig,
} from '../connections/config.ts';
import { addConnection, listConnections, removeConnection, type StoredConnection } from '../connections/store.ts';
import { usageError } from '../errors.ts';
import { readEnvFile } from '../sources/cli/env.ts';
import type { CliContext } from './context.ts';
import { collect, oneOf, positiveInt } from './options.ts';
import { formatTable } from './table.ts';

interface AddFlags {
  cli: string;
  notes?: string;
  envFile?: string;
  esc?: string;
  regions?: string[];
  profile?: string;
  context?: string;
  project?: string;
  subscription?: string;
  timeout?: string;
  concurrency?: string;
}

const FLAG_OF: Record<keyof ConnectionConfig, string> = {
  regions: '--regions',
  profile: '--profile',
  context: '--context',
  project: '--project',
  subscription: '--subscription',
  envFile: '--env-file',
  esc: '--esc',
  timeoutSeconds: '--timeout',
  concurrency: '--concurrency',
};

function checkName(name: string): void {
  if (!CONNECTION_NAME.test(name) || name.length > MAX_NAME_LENGTH) {
    throw usageError(`invalid connection name "${name}"`, `use kebab-case (lowercase letters, digits, single dashes), at most ${MAX_NAME_LENGTH} characters, e.g. production-aws`);
  }
}

/** Builds the stored config from the flags, refusing settings that belong to another CLI. */
async function configFromFlags(flags: AddFlags, cwd: string, connection: string): Promise<ConnectionConfig> {
  const kind = oneOf('--cli', CLI_KINDS, flags.cli);
  const raw: ConnectionConfig = {
    regions: flags.regions?.length ? flags.regions : undefined,
    profile: flags.profile,
    context: flags.context,
    project: flags.project,
    subscription: flags.subscription,
    // Stored absolute: a scan may run from another directory (a worker, cron).
    envFile: flags.envFile === undefined ? undefined : resolve(cwd, flags.envFile),
    esc: flags.esc,
    timeoutSeconds: flags.timeout === undefined ? undefined : positiveInt('--timeout', flags.timeout),
    concurrency: flags.concurrency === undefined ? undefined : positiveInt('--concurrency', flags.concurrency),
  };
  const specific = new Set(Object.values(SETTINGS_BY_KIND).flat());
  for (const [key, value] of Object.entries(raw) as [keyof ConnectionConfig, unknown][]) {
    if (value === undefined || !specific.has(key) || SETTINGS_BY_KIND[kind].includes(key)) continue;
    throw usageError(`${FLAG_OF[key]} does not apply to --cli ${kind}`, `${kind} connections take ${SETTINGS_BY_KIND[kind].map((k) => FLAG_OF[k]).join(', ')}`);
  }
  const parsed = connectionConfigSchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag = FLAG_OF[issue.path[0] as keyof ConnectionConfig] ?? 'a flag';
    throw usageError(`${flag}: ${issue.message}`);
  }
  // Parse the env file now so a typo in its path or format shows up here, not in tonight's scan. Its values are not kept.
  if (parsed.data.envFile !== undefined) {
    if (!existsSync(parsed.data.envFile)) throw usageError(`--env-file ${parsed.data.envFile} does not exist`);
    await readEnvFile(parsed.data.envFile, connection);
  }
  return parsed.data;
}

/** Settings in flag order (jsonb does not keep the order they were written in). */
function describeSettings(connection: StoredConnection): string {
  const parts: string[] = [];
  for (const key of Object.keys(FLAG_OF)) {
    const value = connection.config[key];
    if (value !== undefined) parts.push(`${key}=${Array.isArray(value) ? value.join(',') : String(value)}`);
  }
  return parts.join(' ') || '-';
}

export function registerConnections(program: Command, context: CliContext): void {
  const command = program.command('connections').description('named live sources: cloud CLIs sweep scans through (aws, gcloud, az, kubectl)');

  command
    .command('add <name>')
    .description('add a connection; credentials come from the environment, --env-file or --esc and are never stored')
    .requiredOption('--cli <cli>', `which CLI: ${CLI_KINDS.join(', ')}`)
    .option('--notes <text>', 'free text shown in listings')
    .option('--env-file <file>', 'dotenv file whose variables the CLI gets (only the path is stored)')
    .option('--esc <org/project/env>', 'run the CLI inside a Pulumi ESC environment (pulumi env run)')
    .option('--regions <regions...>', 'aws: regions to read, e.g. us-east-1,eu-west-1 (default AWS_REGION or us-east-1)', collect)
    .option('--profile <profile>', 'aws: named profile')
    .option('--context <context>', 'kubectl: kubeconfig context (default the current one)')
    .option('--project <project>', 'gcloud: project id (default the configured one)')
    .option('--subscription <id>', 'az: subscription (default the current one)')
    .option('--timeout <seconds>', 'per-call timeout (default 60)')
    .option('--concurrency <n>', 'CLI calls at once (default 4)')
    .action(async (name: string, flags: AddFlags) => {
      checkName(name);
      const config = await configFromFlags(flags, context.io.cwd, name);
      const added = await context.withStore((store) =>
        addConnection(store, { name, kind: oneOf('--cli', CLI_KINDS, flags.cli), config, notes: flags.notes }, context.config().actor),
      );
      context.print(`added connection ${added.name} (${added.kind}); scan it with: sweep scan --connection ${added.name}`);
    });

  command
    .command('list')
    .description('list connections')
    .option('--json', 'machine-readable output')
    .action(async (flags: { json?: boolean }) => {
      const connections = await context.withStore((store) => listConnections(store));
      if (flags.json) {
        context.printJson({ connections });
        return;
      }
      if (connections.length === 0) {
        context.print('no connections; add one with: sweep connections add <name> --cli aws|gcloud|az|kubectl');
        return;
      }
      context.print(
        formatTable(
          ['NAME', 'CLI', 'SETTINGS', 'NOTES'],
          connections.map((connection) => [connection.name, connection.kind, describeSettings(connection), connection.notes ?? '']),
        ),
      );
    });

  command
    .command('remove <name>')
    .description('remove a connection (violations already found through it stay)')
    .action(async (name: string) => {
      const removed = await context.withStore((store) => removeConnection(store, name, context.config().actor));
      context.print(`removed connection ${removed.name}`);
    });
}

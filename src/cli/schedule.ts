import type { Command } from 'commander';
import { getConnection } from '../connections/store.ts';
import type { Store } from '../db/store.ts';
import { usageError } from '../errors.ts';
import { openQueueRuntime, type QueueRuntime } from '../queue/runtime.ts';
import { formatFilterSpec, parseFilterSpec } from '../schedules/filter-spec.ts';
import { SCHEDULE_NAME, type ScanJobData } from '../schedules/scan-data.ts';
import { listSchedules, removeSchedule, runScheduleNow, upsertSchedule, type ScheduleView } from '../schedules/schedules.ts';
import { parseSourceSpec } from '../sources/index.ts';
import type { CliContext } from './context.ts';
import { collect, parseFrameworks } from './options.ts';
import { formatTable } from './table.ts';

interface AddFlags {
  cron: string;
  tz?: string;
  source?: string[];
  connection?: string[] | boolean;
  pack?: string[];
  thenRemediate?: string;
  json?: boolean;
}

async function withQueue<T>(context: CliContext, fn: (store: Store, runtime: QueueRuntime) => Promise<T>): Promise<T> {
  const config = context.config();
  return context.withStore(async (store) => {
    const runtime = await openQueueRuntime({ redisUrl: config.redisUrl, databaseUrl: config.databaseUrl, store, prefix: config.queuePrefix });
    try {
      return await fn(store, runtime);
    } finally {
      await runtime.close();
    }
  });
}

async function audit(store: Store, actor: string, action: string, name: string, details: Record<string, unknown>): Promise<void> {
  await store.query('insert into audit_log (actor, action, target, details) values ($1, $2, $3, $4)', [actor, action, `schedule ${name}`, JSON.stringify(details)]);
}

function checkName(name: string): string {
  if (!SCHEDULE_NAME.test(name)) throw usageError(`invalid schedule name "${name}"`, 'letters, digits, ".", "_" and "-", starting with a letter or digit');
  return name;
}

/** Everything is checked here, before anything is stored: a bad schedule would only fail at 2 a.m. */
function scanData(name: string, flags: AddFlags, cwd: string): ScanJobData {
  const named = Array.isArray(flags.connection) ? flags.connection : [];
  const allConnections = flags.connection === true;
  if (!flags.source?.length && flags.connection === undefined) {
    throw usageError('a schedule needs at least one --source or --connection', 'e.g. --source pulumi-state:./exports, or --connection production-aws');
  }
  for (const spec of flags.source ?? []) {
    const { target } = parseSourceSpec(spec);
    if (target === '-') throw usageError(`--source ${spec}: a scheduled scan has no stdin to read`, 'give a file or folder');
  }
  return {
    schedule: name,
    sources: flags.source ?? [],
    connections: named,
    allConnections,
    packs: parseFrameworks(flags.pack),
    thenRemediate: flags.thenRemediate === undefined ? undefined : parseFilterSpec(flags.thenRemediate),
    cwd,
  };
}

function printSchedules(context: CliContext, schedules: ScheduleView[]): void {
  context.print(
    formatTable(
      ['NAME', 'CRON', 'TZ', 'NEXT RUN', 'SOURCES', 'THEN REMEDIATE'],
      schedules.map((s) => [
        s.name,
        s.pattern,
        s.tz ?? 'UTC',
        s.nextRun ?? '-',
        [...s.sources, ...(s.connections === 'all' ? ['all connections'] : s.connections.map((c) => `connection:${c}`))].join(' ') +
          (s.packs.length ? ` (packs ${s.packs.join(',')})` : ''),
        s.thenRemediate ? formatFilterSpec(s.thenRemediate) : '-',
      ]),
    ),
  );
}

export function registerSchedule(program: Command, context: CliContext): void {
  const schedule = program
    .command('schedule')
    .description('scans on a cron schedule, run by `sweep worker` (subcommands: add, list, remove, run-now)');

  schedule
    .command('add <name>')
    .description('create or replace a scheduled scan (idempotent by name)')
    .requiredOption('--cron <pattern>', 'cron pattern: "0 2 * * *" is 02:00 daily (6 fields: seconds first)')
    .option('--tz <zone>', 'IANA time zone the pattern is read in (default UTC)')
    .option('--source <kind:target...>', 'as for `sweep scan` (repeatable); relative paths resolve against this directory', collect)
    .option('--connection [name...]', 'named connections; without names: all of them at run time', collect)
    .option('--pack <framework...>', 'only rules mapped to these frameworks', collect)
    .option('--then-remediate <filters>', 'after the scan, send matches to `ai` and start a run: "severity=critical,high policy=..."')
    .option('--json', 'machine-readable output')
    .action(async (rawName: string, flags: AddFlags) => {
      const name = checkName(rawName);
      const data = scanData(name, flags, context.io.cwd);
      const view = await withQueue(context, async (store, runtime) => {
        // Named connections must exist now; "all" is resolved when the job runs.
        for (const connection of data.connections) {
          if (!(await getConnection(store, connection))) throw usageError(`no connection named "${connection}"`, 'see `sweep connections list`');
        }
        const saved = await upsertSchedule(runtime, { name, pattern: flags.cron, tz: flags.tz, data });
        await audit(store, context.config().actor, 'schedule.upsert', name, { pattern: saved.pattern, tz: saved.tz, data });
        return saved;
      });
      if (flags.json) return context.printJson({ schedule: view });
      context.print(`schedule ${view.name}: "${view.pattern}" ${view.tz ?? 'UTC'}, next run ${view.nextRun ?? '-'} (executed by \`sweep worker\`)`);
    });

  schedule
    .command('list')
    .description('schedules with their next run')
    .option('--json', 'machine-readable output')
    .action(async (flags: { json?: boolean }) => {
      const schedules = await withQueue(context, (_store, runtime) => listSchedules(runtime));
      if (flags.json) return context.printJson({ schedules });
      if (schedules.length === 0) return context.print('no schedules (add one with `sweep schedule add <name> --cron ...`)');
      printSchedules(context, schedules);
    });

  schedule
    .command('remove <name>')
    .description('delete a schedule (a scan already running finishes)')
    .action(async (name: string) => {
      await withQueue(context, async (store, runtime) => {
        await removeSchedule(runtime, checkName(name));
        await audit(store, context.config().actor, 'schedule.remove', name, {});
      });
      context.print(`schedule ${name} removed`);
    });

  schedule
    .command('run-now <name>')
    .description("enqueue one scan from the schedule's settings now (once per minute, however often it is asked)")
    .option('--json', 'machine-readable output')
    .action(async (name: string, flags: { json?: boolean }) => {
      const result = await withQueue(context, async (store, runtime) => {
        const outcome = await runScheduleNow(runtime, checkName(name));
        if (outcome.added) await audit(store, context.config().actor, 'schedule.run-now', name, { jobId: outcome.jobId });
        return outcome;
      });
      if (flags.json) return context.printJson(result);
      context.print(
        result.added
          ? `schedule ${name}: scan queued as job ${result.jobId}; a worker runs it (\`sweep worker\`)`
          : `schedule ${name}: already queued this minute as job ${result.jobId}; nothing added`,
      );
    });
}

/**
 * `sweep serve`: the dashboard and the JSON API over the same database and queue, until SIGINT.
 * `serveUntilInterrupted` is also what `sweep demo --serve` ends with.
 */
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { openStore } from '../db/open.ts';
import { openPostgres } from '../db/postgres.ts';
import type { Store } from '../db/store.ts';
import type { SourceRequest } from '../engine/scan.ts';
import { usageError } from '../errors.ts';
import { createToken } from '../server/auth/tokens.ts';
import { openDashboard } from '../server/dashboard.ts';
import { parseSourceSpec } from '../sources/index.ts';
import { resolveHome, type CliContext } from './context.ts';
import { collect, positiveInt } from './options.ts';

interface ServeFlags {
  port?: string;
  host?: string;
  source?: string[];
  workers?: boolean;
  concurrency: string;
}

export interface ServeOptions {
  port: number;
  host: string;
  defaultSources: SourceRequest[];
  workers?: 'always' | 'never' | 'auto';
  concurrency?: number;
  /** Create an admin token and print it with the URL (the demo). */
  adminToken?: boolean;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export async function serveUntilInterrupted(context: CliContext, store: Store, options: ServeOptions): Promise<void> {
  const config = context.config();
  const dashboard = await openDashboard({
    store,
    config,
    cwd: context.io.cwd,
    env: context.io.env,
    port: options.port,
    host: options.host,
    defaultSources: options.defaultSources,
    workers: options.workers,
    concurrency: options.concurrency,
    log: (line) => context.io.stderr.write(`sweep serve: ${line}\n`),
  });
  context.print(`dashboard and API: ${dashboard.url}  (OpenAPI: ${dashboard.url}/api/v1/openapi.json)`);
  context.print(`database: ${store.kind}, queue: ${dashboard.deps.queue?.kind ?? 'none'}${dashboard.workers ? `, ${dashboard.workers} in-process workers` : ''}`);
  if (options.adminToken) {
    const created = await createToken(store, { name: `demo-admin-${randomBytes(3).toString('hex')}`, role: 'admin', actor: config.actor });
    context.print(`admin token (shown once; paste it on the login page): ${created.token}`);
  } else {
    context.print('log in with a token from `sweep tokens create --name <name> --role viewer|operator|admin`');
  }
  context.print('press Ctrl-C to stop');
  await untilSignal();
  context.print('stopping...');
  await dashboard.close();
}

export function registerServe(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('serve the dashboard and the JSON API (/api/v1) until interrupted')
    .option('--port <n>', 'TCP port (env SWEEP_PORT, default 7070; 0 picks a free one)')
    .option('--host <addr>', 'address to listen on (env SWEEP_HOST, default 127.0.0.1)')
    .option('--source <kind:target...>', 'what an API scan without connections reads (repeatable)', collect)
    .option('--workers', 'run remediation workers in this process (default: only on the embedded queue)')
    .option('--no-workers', 'never run workers here (`sweep worker` elsewhere serves the queue)')
    .option('--concurrency <n>', 'in-process workers: jobs at once per queue', '2')
    .action(async (flags: ServeFlags) => {
      const config = context.config();
      const port = flags.port === undefined ? config.port : Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw usageError(`--port must be a TCP port (got "${flags.port}")`);
      const defaultSources = (flags.source ?? []).map((spec) => parseSourceSpec(spec));
      // The server answers many requests at once: a larger pool than the CLI's.
      const store = config.databaseUrl
        ? await openPostgres(config.databaseUrl, { max: 12 })
        : await openStore({ home: resolveHome(context.io.cwd, config.home) });
      try {
        await serveUntilInterrupted(context, store, {
          port,
          host: flags.host ?? config.host,
          defaultSources,
          workers: flags.workers === undefined ? 'auto' : flags.workers ? 'always' : 'never',
          concurrency: positiveInt('--concurrency', flags.concurrency),
        });
      } finally {
        await store.close();
      }
    });
}

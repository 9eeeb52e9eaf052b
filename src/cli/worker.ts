import type { Command } from 'commander';
import { usageError } from '../errors.ts';
import { openQueueRuntime } from '../queue/runtime.ts';
import { QUEUES } from '../queue/catalog.ts';
import { startWorkers } from '../workers/index.ts';
import { buildWorkerDeps } from '../workers/deps.ts';
import type { CliContext } from './context.ts';
import { collect, positiveInt } from './options.ts';

export function registerWorker(program: Command, context: CliContext): void {
  program
    .command('worker')
    .description('run background workers until interrupted (several processes and machines share the work on Redis)')
    .option('--queues <name...>', `queues to serve: ${QUEUES.join(', ')} (default all)`, collect)
    .option('--concurrency <n>', 'jobs at once per queue', '2')
    .action(async (flags: { queues?: string[]; concurrency: string }) => {
      const queues = flags.queues ?? QUEUES;
      for (const queue of queues) if (!(QUEUES as string[]).includes(queue)) throw usageError(`unknown queue ${queue}`, `known: ${QUEUES.join(', ')}`);
      const config = context.config();
      await context.withStore(async (store) => {
        const runtime = await openQueueRuntime({ redisUrl: config.redisUrl, databaseUrl: config.databaseUrl, store, prefix: config.queuePrefix });
        const log = (line: string) => context.io.stderr.write(`sweep worker: ${line}\n`);
        // Scheduled scans read the config file (rules, ownership, webhook) per job, from here.
        const scan = { store, runtime, cwd: context.io.cwd, configFile: config.configFile, home: config.home, env: context.io.env, log };
        const deps = { ...(await buildWorkerDeps({ store, config, cwd: context.io.cwd })), scan };
        const workers = startWorkers(runtime, deps, {
          queues,
          concurrency: positiveInt('--concurrency', flags.concurrency),
          onError: (error) => context.io.stderr.write(`sweep worker: ${error.message}\n`),
        });
        context.print(`worker ${process.pid}: serving ${queues.join(', ')} on ${runtime.kind} (concurrency ${flags.concurrency})`);
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        context.print('worker: finishing current jobs...');
        await Promise.allSettled(workers.map((w) => w.close()));
        await runtime.close();
      });
    });
}

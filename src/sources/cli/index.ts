/**
 * The `connection` source: `connection:<name>` reads a live estate through the cloud CLI a stored
 * connection names (aws, gcloud, az, kubectl), the way Pulumi Neo's CLI integrations do. The
 * connection supplies non-secret settings; credentials come from the caller's environment, the
 * connection's env file, or its Pulumi ESC environment, and reach only the child processes.
 */
import pLimit from 'p-limit';
import { parseStoredConfig, type CliKind, type ConnectionConfig } from '../../connections/config.ts';
import { SweepError } from '../../errors.ts';
import type { SourceDocument } from '../resource.ts';
import type { Source, SourceContext } from '../source.ts';
import { awsRegions, collectAws } from './aws/index.ts';
import { collectAz } from './az/index.ts';
import { DIALECTS } from './dialects.ts';
import { buildEnvironment } from './env.ts';
import { createRunner, type CliRunner, type RetryPolicy } from './exec.ts';
import { collectGcloud } from './gcloud/index.ts';
import { CONNECTION_SOURCE_KIND } from './kind.ts';
import { collectKubectl } from './kubectl/index.ts';

export interface ConnectionSourceOptions {
  /** @defaultValue 60000, unless the connection sets timeoutSeconds */
  timeoutMs?: number;
  /** @defaultValue 4, unless the connection sets concurrency */
  concurrency?: number;
  /** @defaultValue { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 20000 } */
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 20_000 };

interface CollectInput {
  name: string;
  config: ConnectionConfig;
  env: NodeJS.ProcessEnv;
  origin: string;
}

const COLLECTORS: Record<CliKind, (runner: CliRunner, input: CollectInput) => Promise<SourceDocument[]>> = {
  aws: (runner, input) => collectAws(runner, { regions: awsRegions(input.config.regions, input.env), origin: input.origin }),
  kubectl: (runner, input) => collectKubectl(runner, { context: input.config.context, connection: input.name, origin: input.origin }),
  gcloud: (runner, input) => collectGcloud(runner, { project: input.config.project, connection: input.name, origin: input.origin }),
  az: (runner, input) => collectAz(runner, { origin: input.origin }),
};

/** Flags every call of a CLI carries: JSON output, no prompts, the connection's profile/project/subscription. */
function trailingArgs(kind: CliKind, config: ConnectionConfig): string[] {
  switch (kind) {
    case 'aws':
      return ['--output', 'json', ...(config.profile ? ['--profile', config.profile] : [])];
    case 'gcloud':
      return ['--format=json', '--quiet', ...(config.project ? ['--project', config.project] : [])];
    case 'az':
      return ['-o', 'json', '--only-show-errors', ...(config.subscription ? ['--subscription', config.subscription] : [])];
    case 'kubectl':
      return [];
  }
}

async function lookUp(name: string, context: SourceContext): Promise<{ kind: CliKind; config: ConnectionConfig }> {
  if (!context.connection) {
    throw new SweepError('connection-lookup-missing', `cannot read connection "${name}": this caller has no access to stored connections`, {
      hint: 'Scan connections with `sweep scan --connection <name>`.',
    });
  }
  const record = await context.connection(name);
  if (!record) {
    throw new SweepError('connection-not-found', `no connection named "${name}"`, {
      hint: 'Run `sweep connections list` to see the connections that exist, or add one with `sweep connections add`.',
    });
  }
  return parseStoredConfig(record.name, record.kind, record.config);
}

export function createConnectionSource(options: ConnectionSourceOptions = {}): Source {
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  return {
    kind: CONNECTION_SOURCE_KIND,
    description: 'a stored connection (sweep connections add): live read-only calls through the aws, gcloud, az or kubectl CLI',
    async *read(target, context) {
      const name = target.trim();
      const { kind, config } = await lookUp(name, context);
      const { env, scrub } = await buildEnvironment(context.env ?? process.env, config.envFile, name);
      // AWS CLI v2 pipes output through a pager unless told not to; v1 ignores the variable.
      if (kind === 'aws') env.AWS_PAGER = '';
      const runner = createRunner({
        connection: name,
        cli: kind,
        dialect: DIALECTS[kind],
        env,
        scrub,
        esc: config.esc,
        limit: pLimit(config.concurrency ?? options.concurrency ?? 4),
        timeoutMs: config.timeoutSeconds !== undefined ? config.timeoutSeconds * 1000 : (options.timeoutMs ?? 60_000),
        retry,
        trailingArgs: trailingArgs(kind, config),
        sleep: options.sleep,
        random: options.random,
      });
      let documents: SourceDocument[];
      try {
        documents = await COLLECTORS[kind](runner, { name, config, env, origin: `connection:${name}` });
      } finally {
        // Calls already running when one failed still finish (queued ones never start).
        await runner.idle();
      }
      // Everything is read before anything is yielded: a call failing halfway must not leave a partial account behind.
      yield* documents;
    },
  };
}

export const connectionSource: Source = createConnectionSource();

/**
 * All configuration in one zod schema: environment variables and global flags, parsed once at
 * start and passed down. Secrets (API keys, tokens, database passwords) stay in this object and
 * are never printed; `describeConfig` gives the printable view.
 */
import { userInfo } from 'node:os';
import { z } from 'zod';
import { SweepError } from '../errors.ts';

export const configSchema = z.object({
  /** Postgres via node-postgres when set; otherwise the embedded PGlite under `home`. */
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL').optional(),
  /** BullMQ on Redis when set; otherwise BullMQ's PostgreSQL backend on the embedded database. */
  redisUrl: z.string().regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// URL').optional(),
  /** sweep's working directory: the embedded database, the demo, caches. */
  home: z.string().min(1).default('.sweep'),
  openaiBaseUrl: z.string().url().optional(),
  openaiApiKey: z.string().optional(),
  model: z.string().min(1).default('gpt-4.1-mini'),
  githubToken: z.string().optional(),
  /** Who the audit trail names for CLI writes. */
  actor: z.string().min(1),
  /** Namespace for every queue: separate sweep installations (or test runs) sharing one Redis. */
  queuePrefix: z.string().regex(/^[\w-]+$/, 'SWEEP_QUEUE_PREFIX may hold letters, digits, - and _').default('sweep'),
  /** The config file (policy settings, ...); unset means `./sweep.yaml` when present. */
  configFile: z.string().min(1).optional(),
  /** `sweep serve`: where the dashboard and API listen (flags --port / --host win). */
  port: z.coerce.number().int().min(0).max(65_535, 'SWEEP_PORT must be a TCP port').default(7070),
  host: z.string().min(1).default('127.0.0.1'),
});

export type Config = z.infer<typeof configSchema>;

export interface GlobalFlags {
  home?: string;
  databaseUrl?: string;
  config?: string;
}

function defaultActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv, flags: GlobalFlags = {}): Config {
  const empty = (value: string | undefined) => (value === '' ? undefined : value);
  const parsed = configSchema.safeParse({
    databaseUrl: flags.databaseUrl ?? empty(env.DATABASE_URL),
    redisUrl: empty(env.REDIS_URL),
    home: flags.home ?? empty(env.SWEEP_HOME),
    openaiBaseUrl: empty(env.OPENAI_BASE_URL),
    openaiApiKey: empty(env.OPENAI_API_KEY),
    model: empty(env.SWEEP_MODEL),
    githubToken: empty(env.GITHUB_TOKEN),
    actor: empty(env.SWEEP_ACTOR) ?? defaultActor(),
    configFile: flags.config ?? empty(env.SWEEP_CONFIG),
    queuePrefix: empty(env.SWEEP_QUEUE_PREFIX),
    port: empty(env.SWEEP_PORT),
    host: empty(env.SWEEP_HOST),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SweepError('bad-config', `invalid configuration (${issue.path.join('.')}): ${issue.message}`, {
      hint: 'fix the environment variable or flag named above',
      exitCode: 2,
    });
  }
  return parsed.data;
}

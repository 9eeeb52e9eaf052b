/**
 * Runs a cloud CLI as a child process (execFile, never a shell) and returns its JSON answer.
 * Every call goes through one p-limit limiter per connection, has its own timeout, and is retried
 * with exponential backoff and jitter while the API throttles. The slot is released while a call
 * waits to retry, so a throttled call never holds up the others. A failure becomes a SweepError
 * naming the connection, the exact call and what to do; stderr is scrubbed of every environment
 * value before it is quoted.
 */
import { execFile } from 'node:child_process';
import type { LimitFunction } from 'p-limit';
import type { z } from 'zod';
import { SweepError } from '../../errors.ts';
import type { CliKind } from '../../connections/config.ts';
import type { Scrubber } from './env.ts';

/** How one CLI reports failures: its error code (for allow-lists) and whether the API throttled us. */
export interface CliDialect {
  /** `NoSuchEntity` from `An error occurred (NoSuchEntity) when calling ...`; undefined when unrecognised. */
  errorCode(stderr: string): string | undefined;
  throttled(stderr: string): boolean;
  /** Extra hint for failures that need a specific fix (missing permissions, missing credentials). */
  hint?(stderr: string, exitCode: number | undefined): string | undefined;
}

export interface RetryPolicy {
  /** Attempts per call, the first included. @defaultValue 5 */
  maxAttempts: number;
  /** First backoff; doubles each attempt, with jitter. @defaultValue 1000 */
  baseDelayMs: number;
  /** @defaultValue 20000 */
  maxDelayMs: number;
}

export interface RunnerOptions {
  connection: string;
  cli: CliKind;
  dialect: CliDialect;
  env: NodeJS.ProcessEnv;
  scrub: Scrubber;
  /** Run inside `pulumi env run <esc> -- <cli> ...`. */
  esc?: string;
  limit: LimitFunction;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Arguments appended to every call (`--output json`, `--profile p`); kept out of messages unless they matter. */
  trailingArgs: readonly string[];
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface CliRunner {
  readonly connection: string;
  /** Runs the call and checks its answer against `schema`. */
  json<T>(args: readonly string[], schema: z.ZodType<T>): Promise<T>;
  /** As `json`, but the listed error codes mean "nothing there" and return undefined. */
  optional<T>(args: readonly string[], schema: z.ZodType<T>, allow: readonly string[]): Promise<T | undefined>;
  /** Resolves once no CLI process is running: a failed read waits for its siblings before it reports. */
  idle(): Promise<void>;
}

interface Outcome {
  stdout: string;
  stderr: string;
  exitCode?: number;
  timedOut: boolean;
  notFound: boolean;
}

const MAX_BUFFER = 512 * 1024 * 1024;
const MAX_STDERR_IN_MESSAGE = 600;

function spawn(file: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: timeoutMs, maxBuffer: MAX_BUFFER, windowsHide: true, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolve({ stdout, stderr, exitCode: 0, timedOut: false, notFound: false });
      const failure = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: unknown };
      resolve({
        stdout,
        stderr,
        exitCode: typeof failure.code === 'number' ? failure.code : undefined,
        timedOut: failure.killed === true && failure.signal != null,
        notFound: failure.code === 'ENOENT',
      });
    });
  });
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Equal jitter: at least half the exponential step, so waits still grow, plus a random half so callers spread out. */
export function backoffDelay(attempt: number, retry: RetryPolicy, random: () => number): number {
  const step = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

function excerpt(text: string, scrub: Scrubber): string {
  const cleaned = scrub(text).trim().replace(/\s+/g, ' ');
  return cleaned.length > MAX_STDERR_IN_MESSAGE ? cleaned.slice(0, MAX_STDERR_IN_MESSAGE) + '…' : cleaned;
}

export function createRunner(options: RunnerOptions): CliRunner {
  const { connection, cli, dialect, scrub, retry } = options;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const seconds = Math.round(options.timeoutMs / 100) / 10;

  // The first failure stops the calls still queued: the read is lost anyway, and a scan should not
  // keep spawning thousands of processes after it has already failed.
  let aborted: SweepError | undefined;

  // Processes still running; a failure is reported only after they exit, so nothing outlives the read.
  const running = new Set<Promise<Outcome>>();

  function track(outcome: Promise<Outcome>): Promise<Outcome> {
    running.add(outcome);
    void outcome.then(() => running.delete(outcome));
    return outcome;
  }

  const through = options.esc ? ` (inside ESC environment ${options.esc})` : '';

  function fail(code: string, call: string, what: string, hint: string): SweepError {
    aborted ??= new SweepError(code, `connection "${connection}": \`${call}\`${through} ${what}`, { hint });
    return aborted;
  }

  async function run(args: readonly string[], allow: readonly string[]): Promise<string | undefined> {
    const call = [cli, ...args].join(' ');
    const full = [...args, ...options.trailingArgs];
    const [file, argv] = options.esc ? ['pulumi', ['env', 'run', options.esc, '--', cli, ...full]] : [cli, full];
    for (let attempt = 1; ; attempt++) {
      const outcome = await options.limit(() => {
        if (aborted) throw aborted;
        return track(spawn(file, argv, options.env, options.timeoutMs));
      });
      if (outcome.notFound) {
        throw fail('cli-not-found', call, `could not start: \`${file}\` is not on PATH`, options.esc
          ? 'Install the Pulumi CLI (it runs the command inside the ESC environment) and put it on PATH.'
          : `Install the ${cli} CLI and put it on PATH of the environment sweep runs in.`);
      }
      if (outcome.timedOut) {
        throw fail('cli-timeout', call, `did not answer within ${seconds} s`, `Check network access to the cloud API, or re-create the connection with a larger --timeout (sweep connections remove ${connection}, then add it again).`);
      }
      if (outcome.exitCode === 0) return outcome.stdout;
      const stderr = outcome.stderr;
      const errorCode = dialect.errorCode(stderr);
      if (errorCode !== undefined && allow.includes(errorCode)) return undefined;
      if (dialect.throttled(stderr)) {
        if (attempt < retry.maxAttempts) {
          await sleep(backoffDelay(attempt, retry, random));
          continue;
        }
        throw fail('cli-throttled', call, `was still throttled after ${attempt} attempts: ${excerpt(stderr, scrub)}`,
          `The API is rate-limiting this account; scan again later, or re-create the connection with a lower --concurrency (sweep connections remove ${connection}, then add it again).`);
      }
      const exit = outcome.exitCode === undefined ? 'failed' : `failed (exit ${outcome.exitCode})`;
      throw fail('cli-failed', call, `${exit}: ${excerpt(stderr, scrub) || 'no error output'}`,
        dialect.hint?.(stderr, outcome.exitCode) ?? 'Run the same command yourself with the same credentials to see the whole error.');
    }
  }

  function parse<T>(args: readonly string[], stdout: string, schema: z.ZodType<T>): T {
    const call = [cli, ...args].join(' ');
    let value: unknown;
    const text = stdout.trim();
    try {
      // The AWS CLI prints nothing at all for an empty response (get-bucket-versioning on a bucket never versioned).
      value = text === '' ? {} : JSON.parse(text);
    } catch {
      throw fail('cli-malformed-output', call, `answered with output that is not JSON (starts "${excerpt(text.slice(0, 60), scrub)}")`,
        'Run the command yourself to see its output: a CLI config that sets another output format, or a wrapper script printing extra text, are the usual causes.');
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw fail('cli-malformed-output', call, `answered with JSON of an unexpected shape (at ${issue.path.join('.') || 'the top level'}: ${issue.message})`,
        `Run the command yourself and check its output; an outdated ${cli} CLI is the usual cause.`);
    }
    return parsed.data;
  }

  return {
    connection,
    async json(args, schema) {
      const stdout = (await run(args, []))!;
      return parse(args, stdout, schema);
    },
    async optional(args, schema, allow) {
      const stdout = await run(args, allow);
      return stdout === undefined ? undefined : parse(args, stdout, schema);
    },
    async idle() {
      while (running.size > 0) await Promise.all(running);
    },
  };
}

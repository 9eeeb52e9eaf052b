/**
 * Runs a Pulumi TypeScript program offline (under Pulumi mocks, in a child process) and returns
 * every resource it registers. This is the "preview" the verify step diffs before and after a fix,
 * and the pulumi-program source's input.
 */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SweepError } from '../../errors.ts';
import { readPulumiProject } from './project.ts';
import { LOGGED_ERRORS, type ProgramCapture, type RunnerMessage, type RunnerRequest } from './types.ts';

export interface CaptureOptions {
  /** Stack name for urns and `Pulumi.<stack>.yaml` config. @defaultValue 'dev' */
  stack?: string;
  /** The child is killed after this long. @defaultValue 120_000 */
  timeoutMs?: number;
}

const requireHere = createRequire(import.meta.url);
const runnerPath = fileURLToPath(new URL('./runner.ts', import.meta.url));
/** tsx by absolute URL: a bare `--import tsx` would resolve from the program folder, which may lack it. */
const tsxLoaderURL = pathToFileURL(requireHere.resolve('tsx')).href;
/** sweep's node_modules (…/node_modules/@pulumi/pulumi/package.json → …/node_modules): the NODE_PATH fallback. */
const sweepNodeModules = dirname(dirname(dirname(requireHere.resolve('@pulumi/pulumi/package.json'))));

const MAX_OUTPUT = 64 * 1024;

/** The first meaningful lines of an error: the message and the program's frames, not Node's or libraries'. */
export function firstLines(text: string, count = 8): string {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '' && !/^\s*at .*(node:|node_modules)/.test(line))
    .slice(0, count)
    .join('\n');
}

function appendBounded(buffer: string, chunk: Buffer): string {
  return buffer.length >= MAX_OUTPUT ? buffer : (buffer + chunk.toString('utf8')).slice(0, MAX_OUTPUT);
}

/**
 * Captures the program in `dir` (Pulumi.yaml + index.ts). Throws a SweepError naming the folder
 * when the program is missing, throws, fails to compile, or runs past `timeoutMs`.
 */
export async function capturePulumiProgram(dir: string, options: CaptureOptions = {}): Promise<ProgramCapture> {
  const programDir = resolve(dir);
  const stack = options.stack ?? 'dev';
  const timeoutMs = options.timeoutMs ?? 120_000;
  const project = readPulumiProject(programDir, stack);
  const request: RunnerRequest = {
    dir: programDir,
    main: project.main,
    project: project.name,
    stack,
    config: project.config,
    secretKeys: project.secretKeys,
  };
  const nodePath = [sweepNodeModules, process.env.NODE_PATH].filter(Boolean).join(process.platform === 'win32' ? ';' : ':');
  const started = performance.now();

  let output = '';
  const message = await new Promise<RunnerMessage>((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoaderURL, runnerPath, JSON.stringify(request)], {
      cwd: programDir,
      env: { ...process.env, NODE_PATH: nodePath },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let result: RunnerMessage | undefined;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => (output = appendBounded(output, chunk)));
    child.stderr?.on('data', (chunk: Buffer) => (output = appendBounded(output, chunk)));
    child.on('message', (received) => {
      result ??= received as RunnerMessage;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new SweepError('program-failed', `cannot run the Pulumi program in ${programDir}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(
          new SweepError('program-timeout', `Pulumi program in ${programDir} did not finish within ${timeoutMs} ms`, {
            hint: 'Look for a program that waits on the network or never resolves a promise; raise the timeout for very large programs.',
          }),
        );
        return;
      }
      if (result) {
        resolvePromise(result);
        return;
      }
      const detail = firstLines(output) || `the runner exited with ${signal ?? `code ${code}`}`;
      reject(new SweepError('program-failed', `Pulumi program in ${programDir} failed:\n${detail}`));
    });
  });

  if (!message.ok) {
    const compile = message.error.includes('Transform failed');
    const logged = message.error.includes(LOGGED_ERRORS) ? `\n${firstLines(output)}` : '';
    throw new SweepError('program-failed', `Pulumi program in ${programDir} failed:\n${firstLines(message.error)}${logged}`, {
      hint: compile
        ? 'The program does not compile: fix the error above (`npx tsc --noEmit` in the program folder lists all of them).'
        : 'Run the program with `pulumi preview` to see the full error; sweep runs it offline under mocks.',
    });
  }
  return {
    dir: programDir,
    project: project.name,
    stack,
    resources: message.resources,
    packages: message.packages,
    config: Object.fromEntries(Object.entries(project.config).filter(([key]) => !project.secretKeys.includes(key))),
    durationMs: Math.round(performance.now() - started),
  };
}

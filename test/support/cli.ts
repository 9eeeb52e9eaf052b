/** Runs `sweep` in-process with its own streams, environment and working directory. */
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json<T = any>(): T;
}

export async function sweep(args: string[], options: { env?: NodeJS.ProcessEnv; cwd: string; stdin?: string }): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'sweep', ...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    env: { ...options.env },
    cwd: options.cwd,
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

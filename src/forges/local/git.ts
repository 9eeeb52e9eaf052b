/**
 * git through execFile-style child processes, with stdin and environment (simple-git sleeps 50 ms
 * after every silent command; plain spawns are ~2 ms). Used by the local forge and by the commit
 * builder; nothing here touches a working tree unless the caller asks.
 */
import { spawn } from 'node:child_process';

export interface GitRun {
  stdout: Buffer;
  stderr: string;
  code: number;
}

export interface GitOptions {
  env?: Record<string, string>;
  input?: string | Buffer;
}

export function runGit(cwd: string, args: string[], options: GitOptions = {}): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), code: code ?? 1 }));
    child.stdin.on('error', () => {}); // git may exit before reading all of stdin (a failed apply)
    child.stdin.end(options.input ?? '');
  });
}

/** Runs git and returns trimmed stdout; a non-zero exit throws with git's own message. */
export async function git(cwd: string, args: string[], options: GitOptions = {}): Promise<string> {
  const result = await runGit(cwd, args, options);
  if (result.code !== 0) throw new Error(`git ${args.slice(0, 3).join(' ')} in ${cwd}: ${result.stderr.trim() || `exit ${result.code}`}`);
  return result.stdout.toString('utf8').trim();
}

/** Exit status only (for probes like `rev-parse --verify`). */
export async function gitOk(cwd: string, args: string[], options: GitOptions = {}): Promise<boolean> {
  return (await runGit(cwd, args, options)).code === 0;
}

export function identityEnv(author: { name: string; email: string }, committer = author): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
  };
}

/** Reads many objects in one process: `git cat-file --batch`. */
export async function readBlobs(cwd: string, shas: string[]): Promise<Map<string, Buffer>> {
  const blobs = new Map<string, Buffer>();
  if (shas.length === 0) return blobs;
  const { stdout, code, stderr } = await runGit(cwd, ['cat-file', '--batch'], { input: shas.join('\n') + '\n' });
  if (code !== 0) throw new Error(`git cat-file --batch in ${cwd}: ${stderr.trim()}`);
  let offset = 0;
  for (const sha of shas) {
    const newline = stdout.indexOf(0x0a, offset);
    const header = stdout.subarray(offset, newline).toString('utf8').split(' ');
    if (header[1] === 'missing') throw new Error(`git object ${sha} is missing in ${cwd}`);
    const size = Number(header[2]);
    blobs.set(sha, stdout.subarray(newline + 1, newline + 1 + size));
    offset = newline + 1 + size + 1;
  }
  return blobs;
}

/**
 * Throwaway checkouts for fixing: a `git clone --shared` of the repo at its base commit (objects
 * are shared, so it is cheap), independent of every other checkout, so several workers — in one
 * process or many — can fix groups of the same repo at once without touching the user's tree.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SWEEP_NODE_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));

export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 64 << 20 });
  return stdout.trim();
}

export interface Checkout {
  dir: string;
  base: string;
  cleanup(): Promise<void>;
}

export async function baseCommit(repoDir: string): Promise<string> {
  return git(repoDir, 'rev-parse', 'HEAD');
}

export async function createCheckout(repoDir: string, base: string): Promise<Checkout> {
  const dir = await mkdtemp(join(tmpdir(), 'sweep-fix-'));
  await git(tmpdir(), 'clone', '--quiet', '--shared', '--no-checkout', resolve(repoDir), dir);
  await git(dir, 'checkout', '--quiet', '--detach', base);
  // The node_modules link made for verification must never end up in a patch.
  await appendFile(join(dir, '.git', 'info', 'exclude'), '\nnode_modules\n');
  return { dir, base, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * The fixed program must type-check and run under mocks in the checkout, which has no
 * node_modules (they are never committed): link the original program's, or sweep's own.
 */
export async function linkNodeModules(originalProgramDir: string, checkoutProgramDir: string): Promise<void> {
  const target = join(checkoutProgramDir, 'node_modules');
  if (existsSync(target)) return;
  const own = join(originalProgramDir, 'node_modules');
  await symlink(existsSync(own) ? resolve(own) : SWEEP_NODE_MODULES, target, 'dir');
}

/** The Pulumi project holding `file` (repo-relative): the nearest folder with a Pulumi.yaml. */
export function findProgramDir(repoDir: string, file: string | undefined): string | undefined {
  let dir = resolve(repoDir, file ? dirname(file) : '.');
  const root = resolve(repoDir);
  for (;;) {
    if (existsSync(join(dir, 'Pulumi.yaml')) || existsSync(join(dir, 'Pulumi.yml'))) return dir;
    if (dir === root || relative(root, dir).startsWith('..')) return undefined;
    dir = dirname(dir);
  }
}

/** The unified diff of the checkout against its base: what the PR will carry. */
export async function checkoutPatch(dir: string): Promise<string> {
  await git(dir, 'add', '-A');
  // Not trimmed: a hunk's last context line can be a lone space, and `git apply` needs it.
  const { stdout } = await run('git', ['diff', '--cached', '--no-color', '--binary'], { cwd: dir, maxBuffer: 64 << 20 });
  return stdout;
}

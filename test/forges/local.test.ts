/** The local forge against a real git repository and a real (in-memory PGlite) database. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openPglite } from '../../src/db/pglite.ts';
import { createLocalForge } from '../../src/forges/local/index.ts';
import { forgeContract, INITIAL_FILES, type ForgeHarness } from './contract.ts';

const run = promisify(execFile);
const PERSON = { GIT_AUTHOR_NAME: 'Acme Platform Team', GIT_AUTHOR_EMAIL: 'platform@acme.example', GIT_COMMITTER_NAME: 'Acme Platform Team', GIT_COMMITTER_EMAIL: 'platform@acme.example' };

export async function gitIn(cwd: string, args: string[], env: Record<string, string> = PERSON): Promise<string> {
  const { stdout } = await run('git', args, { cwd, env: { ...process.env, ...env } });
  return stdout.trim();
}

/** A real repository on `main` holding INITIAL_FILES. */
export async function localRepo(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sweep-forge-local-'));
  await gitIn(dir, ['init', '-q', '-b', 'main']);
  for (const [path, content] of Object.entries(INITIAL_FILES)) await writeFile(join(dir, path), content);
  await gitIn(dir, ['add', '-A']);
  await gitIn(dir, ['commit', '-q', '-m', 'initial']);
  return dir;
}

async function setup(): Promise<ForgeHarness> {
  const dir = await localRepo();
  const store = await openPglite('memory://');
  return {
    forge: createLocalForge({ db: store }),
    repo: { forge: 'local', name: dir, checkout: dir },
    baseBranch: 'main',
    async fileAt(ref, path) {
      return run('git', ['show', `${ref}:${path}`], { cwd: dir }).then((r) => r.stdout, () => undefined);
    },
    async pushAsPerson(branch, person) {
      const tree = join(dir, '..', `${branch.replace(/\//g, '-')}-${Date.now()}`);
      await gitIn(dir, ['worktree', 'add', '-q', tree, branch]);
      await writeFile(join(tree, 'by-hand.txt'), 'a person was here\n');
      await gitIn(tree, ['add', '-A']);
      await gitIn(tree, ['commit', '-q', '-m', 'hand edit'], { GIT_AUTHOR_NAME: person.name, GIT_AUTHOR_EMAIL: person.email, GIT_COMMITTER_NAME: person.name, GIT_COMMITTER_EMAIL: person.email });
      await gitIn(dir, ['worktree', 'remove', '--force', tree]);
    },
    async advanceBase() {
      await writeFile(join(dir, 'advanced.txt'), 'moved\n');
      await gitIn(dir, ['add', '-A']);
      await gitIn(dir, ['commit', '-q', '-m', 'someone else merged something']);
      return gitIn(dir, ['rev-parse', 'HEAD']);
    },
    failChecks: async () => false,
    rateLimitNext: () => false,
    slept: () => [],
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

forgeContract('local', setup);

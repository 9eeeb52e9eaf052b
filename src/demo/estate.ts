/**
 * Lays out the demo estate: a git repository holding the sample Pulumi program (from
 * scripts/demo/program), and the stack export produced by running that program under Pulumi
 * mocks, the way `pulumi stack export` would after a deployment.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { capturePulumiProgram, toStackExport } from '../sources/pulumi-program/index.ts';

const run = promisify(execFile);

export const DEMO_PROGRAM = fileURLToPath(new URL('../../scripts/demo/program', import.meta.url));
const SWEEP_NODE_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));

export const DEMO_PROJECT = 'acme-payments';
export const DEMO_STACK = 'dev';

/** The stack's `vcs:*` tags, as `pulumi stack tag ls --json` prints them for a repo-backed stack. */
export const DEMO_STACK_TAGS = {
  'vcs:owner': 'acme',
  'vcs:repo': 'acme-infra',
  'vcs:kind': 'local',
  'pulumi:project': DEMO_PROJECT,
  'pulumi:runtime': 'nodejs',
};

export interface DemoEstate {
  repoDir: string;
  exportPath: string;
  resources: number;
  commit: string;
}

// A fixed identity and date keep the demo repository's history identical on every machine.
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Acme Platform Team',
  GIT_AUTHOR_EMAIL: 'platform@acme-payments.example',
  GIT_COMMITTER_NAME: 'Acme Platform Team',
  GIT_COMMITTER_EMAIL: 'platform@acme-payments.example',
  GIT_AUTHOR_DATE: '2026-01-05T09:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-05T09:00:00Z',
};

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, env: { ...process.env, ...GIT_ENV } });
  return stdout.trim();
}

/** Recreates `<demoRoot>/acme-infra` and the stack export beside it. */
export async function createDemoEstate(demoRoot: string): Promise<DemoEstate> {
  const repoDir = join(demoRoot, 'acme-infra');
  await rm(repoDir, { recursive: true, force: true });
  await mkdir(repoDir, { recursive: true });
  await cp(DEMO_PROGRAM, repoDir, { recursive: true, filter: (src) => !src.includes('node_modules') });
  // No trailing slash: the demo's node_modules is a symlink, which `node_modules/` would not match.
  await writeFile(join(repoDir, '.gitignore'), 'node_modules\nbin/\n');
  await git(repoDir, 'init', '-q', '-b', 'main');
  await git(repoDir, 'add', '-A');
  await git(repoDir, 'commit', '-q', '-m', 'Acme payments infrastructure');
  const commit = await git(repoDir, 'rev-parse', 'HEAD');
  // The program's @pulumi packages resolve from sweep's own install (no npm install in the demo).
  await symlink(SWEEP_NODE_MODULES, join(repoDir, 'node_modules'), 'dir');

  const captured = await capturePulumiProgram(repoDir, { stack: DEMO_STACK });
  const exported = toStackExport(captured, { project: DEMO_PROJECT, stack: DEMO_STACK });
  const exportPath = join(demoRoot, `${DEMO_PROJECT}.${DEMO_STACK}.json`);
  await writeFile(exportPath, JSON.stringify(exported, null, 2) + '\n');
  await writeFile(join(demoRoot, `${DEMO_PROJECT}.${DEMO_STACK}.tags.json`), JSON.stringify(DEMO_STACK_TAGS, null, 2) + '\n');
  // The stack's vcs tags name acme/acme-infra; this tells sweep where that repo is checked out.
  await writeFile(join(demoRoot, '..', 'sweep.yaml'), `# written by sweep demo\nrepos:\n  acme/acme-infra:\n    path: demo/acme-infra\n`);
  return { repoDir, exportPath, resources: captured.resources.length, commit };
}

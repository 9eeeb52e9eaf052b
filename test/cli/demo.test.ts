import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../src/cli/sweep.js', import.meta.url));

/** The real executable, as `npx sweep` runs it, on the embedded database (no DATABASE_URL). */
async function sweepBin(cwd: string, ...args: string[]) {
  const env = { ...process.env, DATABASE_URL: '', REDIS_URL: '', SWEEP_HOME: '' };
  return run(process.execPath, [BIN, ...args], { cwd, env, maxBuffer: 16 << 20 });
}

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'sweep-demo-'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('sweep demo (embedded PGlite, real git, Pulumi mocks)', () => {
  it('builds the sample estate, scans it, prints the backlog, then remediates it with verified fixes', async () => {
    const { stdout } = await sweepBin(cwd, 'demo');
    expect(stdout).toMatch(/demo estate: \.sweep\/demo\/acme-infra \(git repo, commit [0-9a-f]{7}, (\d+) resources\)/);
    const resources = Number(/commit [0-9a-f]{7}, (\d+) resources/.exec(stdout)![1]);
    expect(resources).toBeGreaterThanOrEqual(30);
    expect(stdout).toMatch(/scan 1 succeeded/);
    const created = Number(/violations: (\d+) new, 0 still open/.exec(stdout)![1]);
    expect(created).toBeGreaterThan(10);
    expect(stdout).toMatch(/open by severity: critical [1-9]\d*\s+high [1-9]/);
    for (const framework of ['cis-aws', 'nist-800-53', 'pci-dss', 'hitrust', 'iso-27001', 'soc2']) {
      expect(stdout).toMatch(new RegExp(`^${framework}\\s+[1-9]\\d*\\s+\\d+ of \\d+ covered`, 'm'));
    }

    // The whole backlog went to the remediation engine on the embedded queue.
    expect(stdout).toMatch(new RegExp(`assigned ${created} violations to ai`));
    const finished = /run 1 finished: (\d+) groups \(0 queued, 0 running, (\d+) fixed, (\d+) rejected/.exec(stdout);
    expect(finished).not.toBeNull();
    expect(Number(finished![2])).toBeGreaterThanOrEqual(8);
    expect(stdout).toMatch(/^remediate-props\s+[1-9]\d*\s+0\s+0$/m);
    expect(stdout).toMatch(/violations: fix_proposed [1-9]\d*, needs_human \d+/);

    const repo = join(cwd, '.sweep/demo/acme-infra');
    const { stdout: log } = await run('git', ['log', '--oneline'], { cwd: repo });
    expect(log.trim().split('\n')).toHaveLength(1);
    // The demo ends with one PR per batch on the local forge: sweep/* branches beside an untouched main.
    const opened = Number(/pull requests on the local forge \(\.sweep\/demo\/acme-infra\): (\d+) open/.exec(stdout)![1]);
    expect(opened).toBeGreaterThanOrEqual(8);
    const { stdout: branches } = await run('git', ['log', '--all', '--format=%D'], { cwd: repo });
    expect(branches.split('\n').filter((line) => line.includes('sweep/')).length).toBe(opened);
    const exported = JSON.parse(await readFile(join(cwd, '.sweep/demo/acme-payments.dev.json'), 'utf8'));
    expect(exported.version).toBe(3);
    expect(exported.deployment.resources.length).toBeGreaterThanOrEqual(resources);
    // The program wraps the analytics password in pulumi.secret(): it must not reach the export in clear.
    expect(JSON.stringify(exported)).not.toContain("Wq7!rT2m-analytics-9xKp");
    expect(existsSync(join(cwd, '.sweep/pglite'))).toBe(true);

    // Violations point at the program's source lines.
    const { stdout: listed } = await sweepBin(cwd, 'violations', '--json', '--limit', '1000');
    const { violations } = JSON.parse(listed);
    expect(violations).toHaveLength(created);
    const proposed = violations.filter((v: { status: string }) => v.status === 'fix_proposed');
    expect(proposed.length).toBe(Number(/fix_proposed (\d+)/.exec(stdout)![1]));
    expect(proposed.map((v: { policy: string }) => v.policy)).toContain('aws-rds-instance-not-public');
    const located = violations.filter((v: { iac: { path: string | null; line: number | null } }) => v.iac.path?.endsWith('.ts') && v.iac.line);
    expect(located.length).toBe(violations.length);

    // A second run re-creates the estate and finds the same violations still there (none is new).
    const { stdout: second } = await sweepBin(cwd, 'demo', '--scan-only');
    expect(second).toMatch(new RegExp(`violations: 0 new, ${created} still open, 0 reopened, 0 resolved`));
  }, 900_000);
});
